package io.pixelcnn.sample;

import java.util.List;

/**
 * Draws images from a model sub-pixel by sub-pixel in raster order. Image {@code i} of a call draws from its
 * own random stream, {@link ImageSeeds#of(long, long) ImageSeeds.of(seed, first + i)}, so a generator gives
 * the same image for the same seed and index whatever else is generated with it.
 */
public interface ImageGenerator {

    /** Images {@code first .. first+count-1} of the sequence that {@code seed} defines, as raw pixels CHW. */
    default List<byte[]> sample(long first, int count, long seed) {
        return sample(first, count, seed, ImageClasses.NONE);
    }

    /**
     * As {@link #sample(long, int, long)}, image {@code i} drawn given class {@code classes.of(i)} (the one-hot
     * second input of a class-conditional model); {@link ImageClasses#NONE} for an unconditional model.
     *
     * @throws IllegalArgumentException when the classes do not fit the model (none for a conditional model,
     *                                  some for an unconditional one, an index past the model's classes)
     */
    List<byte[]> sample(long first, int count, long seed, ImageClasses classes);

    /**
     * Completions of {@code images} (raw pixels CHW): rows {@code 0..keepRows-1} stay exactly as given, the
     * rest is drawn given them; image {@code i} draws from the stream of index {@code i}.
     */
    default List<byte[]> complete(List<byte[]> images, int keepRows, long seed) {
        return complete(images, keepRows, seed, ImageClasses.NONE);
    }

    /** As {@link #complete(List, int, long)}, image {@code i} completed given class {@code classes.of(i)}. */
    List<byte[]> complete(List<byte[]> images, int keepRows, long seed, ImageClasses classes);
}
