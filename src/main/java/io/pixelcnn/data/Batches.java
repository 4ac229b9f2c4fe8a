package io.pixelcnn.data;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a partition's images into DL4J minibatches. A batch holds the pixels once, as unsigned bytes
 * {@code [N, C, H, W]}, used both as the input and as the labels: the model predicts the image itself.
 * A class-conditional model's batches carry the classes as a second input, one-hot {@code [N, classes]}.
 */
public final class Batches {

    private Batches() {
    }

    /** Minibatches of up to {@code batchSize} images, in the given order. */
    public static Iterator<DataSet> of(Iterator<byte[]> images, ImageShape shape, int batchSize) {
        return batched(images, batchSize, batch -> {
            INDArray pixels = pixels(batch, shape);
            return new DataSet(pixels, pixels);
        });
    }

    /**
     * Minibatches of up to {@code batchSize} labelled images for a class-conditional model: inputs the pixels
     * and the one-hot classes ({@code [N, classes]}, float), labels the pixels (the same array, as in
     * {@link #of}).
     */
    public static Iterator<MultiDataSet> labelled(Iterator<LabelledImage> images, ImageShape shape, int classes,
                                                  int batchSize) {
        return batched(images, batchSize, batch -> {
            INDArray pixels = pixels(batch.stream().map(LabelledImage::pixels).toList(), shape);
            INDArray oneHot = oneHot(batch.stream().map(LabelledImage::label).toList(), classes);
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{pixels, oneHot}, new INDArray[]{pixels});
        });
    }

    /** {@code items} taken {@code batchSize} at a time, each group made into a batch as it is asked for. */
    private static <T, B> Iterator<B> batched(Iterator<T> items, int batchSize, Function<List<T>, B> batch) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public B next() {
                if (!items.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<T> group = new ArrayList<>(batchSize);
                while (items.hasNext() && group.size() < batchSize) {
                    group.add(items.next());
                }
                return batch.apply(group);
            }
        };
    }

    /** Like {@link #of}, after shuffling {@code images} in place with a seeded generator (reproducible epochs). */
    public static Iterator<DataSet> shuffled(List<byte[]> images, ImageShape shape, int batchSize, long seed) {
        shuffle(images, seed);
        return of(images.iterator(), shape, batchSize);
    }

    /** Shuffles {@code items} in place with a seeded generator: the same seed, the same order (reproducible epochs). */
    public static <T> void shuffle(List<T> items, long seed) {
        Collections.shuffle(items, new Random(seed));
    }

    /** Images as one unsigned-byte array {@code [N, C, H, W]}. */
    public static INDArray pixels(List<byte[]> images, ImageShape shape) {
        int dims = shape.dims();
        INDArray array = Nd4j.create(DataType.UINT8, images.size(), shape.channels(), shape.height(), shape.width());
        ByteBuffer buffer = array.data().asNio();
        for (byte[] image : images) {
            if (image.length != dims) {
                throw new IllegalArgumentException("image of " + image.length + " bytes, expected " + dims);
            }
            buffer.put(image);
        }
        return array;
    }

    /** Class indices as one-hot rows {@code [N, classes]}. */
    public static INDArray oneHot(List<Integer> labels, int classes) {
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, labels.size(), classes);
        for (int i = 0; i < labels.size(); i++) {
            int label = labels.get(i);
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("class index " + label + ", expected 0.." + (classes - 1));
            }
            oneHot.putScalar(i, label, 1f);
        }
        return oneHot;
    }

    /** One image back out of a {@code [N, C, H, W]} array of pixel values. */
    public static byte[] image(INDArray pixels, int index) {
        INDArray one = pixels.slice(index).castTo(DataType.INT32).dup('c');
        int[] values = one.data().asInt();
        byte[] image = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            image[i] = (byte) values[i];
        }
        return image;
    }
}
