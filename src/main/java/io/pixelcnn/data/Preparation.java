package io.pixelcnn.data;

import java.io.Serializable;
import java.util.Locale;

/**
 * What is done to every image between the bytes of a file or a table cell and a training example, the
 * same for every source: decoding into {@code channels}, fitting to {@code size} by {@code resize}, and
 * the policy for malformed images.
 *
 * @param channels     colour channels image files are decoded into: 1 (luma) or 3 (RGB)
 * @param size         the size every image is fitted to; null keeps each image's own size (then all must agree)
 * @param resize       how images of another aspect ratio are fitted to {@code size}
 * @param mode         stop at a malformed image, or skip it
 * @param maxMalformed with {@link ReadMode#DROPMALFORMED}: the largest fraction of malformed images tolerated
 */
public record Preparation(int channels, ImageSize size, Resize resize, ReadMode mode, double maxMalformed)
        implements Serializable {

    /** An image is one byte array of its sub-pixels; the JVM's arrays stop a few elements short of 2^31. */
    public static final long MAX_IMAGE_BYTES = Integer.MAX_VALUE - 8;

    public Preparation {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (!(maxMalformed >= 0 && maxMalformed <= 1)) {
            throw new IllegalArgumentException("max-malformed must be a fraction from 0 to 1, got " + maxMalformed);
        }
        if (size != null && (long) size.height() * size.width() * channels > MAX_IMAGE_BYTES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "image-size %s with %d channel%s is %,d sub-pixels per image, more than one Java array holds (%,d)",
                    size, channels, channels == 1 ? "" : "s", (long) size.height() * size.width() * channels,
                    MAX_IMAGE_BYTES));
        }
        if (resize == null || mode == null) {
            throw new IllegalArgumentException("resize and mode must be given");
        }
    }

    /** Grayscale images at their own size, failing fast: how IDX files and tests read by default. */
    public static Preparation asFound(int channels) {
        return new Preparation(channels, null, Resize.CROP, ReadMode.FAILFAST, 0.01);
    }

    /** The same preparation for images of another channel count (a model's, say). */
    public Preparation withChannels(int newChannels) {
        return new Preparation(newChannels, size, resize, mode, maxMalformed);
    }
}
