package io.pixelcnn.sample;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The class each generated image is drawn in, by the image's index: image {@code i} takes
 * {@code classes[i mod k]}, so any {@code n} images spread over the {@code k} classes evenly (counts differ
 * by at most one) and any run of consecutive indices, a batch, a partition or the first images of a grid,
 * holds every class in turn. {@link #NONE} for an unconditional model, which takes no class.
 */
public final class ImageClasses implements Serializable {

    /** No classes: the images of an unconditional model. */
    public static final ImageClasses NONE = new ImageClasses(List.of(), new int[0]);

    /** The model's class names in index order (what an image's class is called in files and tables). */
    private final List<String> names;
    private final int[] classes;

    private ImageClasses(List<String> names, int[] classes) {
        this.names = List.copyOf(names);
        this.classes = classes.clone();
    }

    /**
     * Images in turn in each of {@code classes}, the model's class indices in the order asked;
     * {@code modelClasses}: the model's class names in index order.
     */
    public static ImageClasses cycling(List<String> modelClasses, int... classes) {
        if (classes.length == 0) {
            throw new IllegalArgumentException("at least one class, or ImageClasses.NONE");
        }
        for (int klass : classes) {
            if (klass < 0 || klass >= modelClasses.size()) {
                throw new IllegalArgumentException("class " + klass + " is not one of " + modelClasses);
            }
        }
        return new ImageClasses(modelClasses, classes);
    }

    public boolean isNone() {
        return classes.length == 0;
    }

    /** How many classes the images cycle through (0 for {@link #NONE}). */
    public int count() {
        return classes.length;
    }

    /** The class index of image {@code index}. */
    public int of(long index) {
        if (isNone()) {
            throw new IllegalStateException("no classes: the images are unconditional");
        }
        return classes[(int) Math.floorMod(index, (long) classes.length)];
    }

    /** The name of image {@code index}'s class; null for {@link #NONE}. */
    public String nameOf(long index) {
        return isNone() ? null : names.get(of(index));
    }

    /** The classes of images {@code first .. first+count-1}; null for {@link #NONE}. */
    int[] of(long first, int count) {
        if (isNone()) {
            return null;
        }
        int[] batch = new int[count];
        for (int i = 0; i < count; i++) {
            batch[i] = of(first + i);
        }
        return batch;
    }

    /**
     * Checks these classes against a model conditioned on {@code modelClasses} classes (0: unconditional):
     * a conditional model needs a class for every image, an unconditional one takes none.
     */
    void requireFits(int modelClasses) {
        if (modelClasses == 0 && !isNone()) {
            throw new IllegalArgumentException("the model is not class-conditional: it takes no classes");
        }
        if (modelClasses > 0 && isNone()) {
            throw new IllegalArgumentException("the model is class-conditional (" + modelClasses
                    + " classes): give each image's class");
        }
        if (names.size() > modelClasses) {
            throw new IllegalArgumentException(names.size() + " class names for a model of " + modelClasses
                    + " classes");
        }
    }

    @Override
    public String toString() {
        return isNone() ? "no classes" : "classes " + Arrays.toString(classes);
    }
}
