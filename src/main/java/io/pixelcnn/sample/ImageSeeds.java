package io.pixelcnn.sample;

import java.util.SplittableRandom;

/**
 * One random stream per generated image, derived from the job's seed and the image's index. An image's
 * draws never depend on which batch, partition or executor made it, so the same seed gives the same images
 * however the work is cut up.
 */
public final class ImageSeeds {

    private ImageSeeds() {
    }

    /** The seed of image {@code index} of a job seeded with {@code seed} (a splitmix64 finaliser of both). */
    public static long of(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The random streams of images {@code first .. first+count-1}. */
    public static SplittableRandom[] streams(long seed, long first, int count) {
        SplittableRandom[] streams = new SplittableRandom[count];
        for (int i = 0; i < count; i++) {
            streams[i] = new SplittableRandom(of(seed, first + i));
        }
        return streams;
    }
}
