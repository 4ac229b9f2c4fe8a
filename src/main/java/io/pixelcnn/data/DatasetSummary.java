package io.pixelcnn.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * What one pass over a prepared dataset found: usable images by shape, each shape with its first image
 * by name (the dataset's shape is the most common one, and a message can name an example), and the
 * malformed images with the first of them. Names decide "first", so the result does not depend on
 * partitioning. When labels are read, the same pass counts the images of each label by shape, so the
 * classes and their frequencies cost nothing more. A plain class with plain maps: it travels as a Spark
 * task result, through Kryo.
 */
final class DatasetSummary implements Serializable {

    private static final long serialVersionUID = 1L;
    /** More sizes than this and the dataset plainly needs {@code --image-size}: stop tallying them. */
    static final int MAX_SHAPES = 1000;

    /** "CxHxW" of a shape to its count, and to its first image. */
    private final HashMap<String, Long> counts = new HashMap<>();
    private final HashMap<String, String> firstNames = new HashMap<>();
    /** "CxHxW" of a shape to its labels' counts; empty when labels are not read. */
    private final HashMap<String, HashMap<String, Long>> labels = new HashMap<>();
    private long malformed;
    private String firstMalformed;
    private String firstProblem;
    private boolean tooManyShapes;

    DatasetSummary add(PreparedImage image) {
        if (!image.isUsable()) {
            malformed++;
            if (firstMalformed == null || image.name().compareTo(firstMalformed) < 0) {
                firstMalformed = image.name();
                firstProblem = image.problem();
            }
            return this;
        }
        String shape = key(image.shape());
        if (counts.size() >= MAX_SHAPES && !counts.containsKey(shape)) {
            tooManyShapes = true;
            return this;
        }
        counts.merge(shape, 1L, Long::sum);
        firstNames.merge(shape, image.name(), DatasetSummary::first);
        if (image.label() != null) {
            labels.computeIfAbsent(shape, s -> new HashMap<>()).merge(image.label(), 1L, Long::sum);
        }
        return this;
    }

    DatasetSummary merge(DatasetSummary other) {
        other.counts.forEach((shape, count) -> counts.merge(shape, count, Long::sum));
        other.firstNames.forEach((shape, name) -> firstNames.merge(shape, name, DatasetSummary::first));
        other.labels.forEach((shape, counted) -> {
            HashMap<String, Long> mine = labels.computeIfAbsent(shape, s -> new HashMap<>());
            counted.forEach((label, count) -> mine.merge(label, count, Long::sum));
        });
        malformed += other.malformed;
        tooManyShapes |= other.tooManyShapes || counts.size() > MAX_SHAPES;
        if (other.firstMalformed != null && (firstMalformed == null || other.firstMalformed.compareTo(firstMalformed) < 0)) {
            firstMalformed = other.firstMalformed;
            firstProblem = other.firstProblem;
        }
        return this;
    }

    /** True if the images came in more than {@link #MAX_SHAPES} sizes (the tallies then count only some). */
    boolean tooManyShapes() {
        return tooManyShapes;
    }

    long usable() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    long malformed() {
        return malformed;
    }

    /** "name: problem" of the first malformed image by name; null if none. */
    String firstMalformed() {
        return firstMalformed == null ? null : firstMalformed + ": " + firstProblem;
    }

    /** The most common shape (ties: the one whose first image comes first); null if no image is usable. */
    ImageShape commonShape() {
        String best = null;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            String shape = entry.getKey();
            if (best == null || entry.getValue() > counts.get(best)
                    || (entry.getValue().equals(counts.get(best)) && firstNames.get(shape).compareTo(firstNames.get(best)) < 0)) {
                best = shape;
            }
        }
        return best == null ? null : shape(best);
    }

    long count(ImageShape shape) {
        return counts.getOrDefault(key(shape), 0L);
    }

    /** Usable images of {@code shape} by label (empty when labels are not read). */
    Map<String, Long> labelCounts(ImageShape shape) {
        return labels.getOrDefault(key(shape), new HashMap<>());
    }

    String firstName(ImageShape shape) {
        return firstNames.get(key(shape));
    }

    /** An image and its shape, for messages. */
    record Example(String name, ImageShape shape) {
    }

    /** The first image by name whose shape is not {@code shape}; null if every usable image has it. */
    Example firstOtherThan(ImageShape shape) {
        Example first = null;
        for (Map.Entry<String, String> entry : firstNames.entrySet()) {
            if (!entry.getKey().equals(key(shape)) && (first == null || entry.getValue().compareTo(first.name()) < 0)) {
                first = new Example(entry.getValue(), shape(entry.getKey()));
            }
        }
        return first;
    }

    private static String first(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String key(ImageShape shape) {
        return shape.channels() + "x" + shape.height() + "x" + shape.width();
    }

    private static ImageShape shape(String key) {
        String[] sides = key.split("x");
        return new ImageShape(Integer.parseInt(sides[0]), Integer.parseInt(sides[1]), Integer.parseInt(sides[2]));
    }
}
