package io.pixelcnn.data;

import java.nio.charset.StandardCharsets;

/**
 * The seeded 64-bit key that places each image in a partition and orders it there. Keys look random, so
 * every partition gets a fair share of every class of a corpus stored class by class, and they depend
 * only on the run's seed and the image's identity (its index, its path below the folder read, or its
 * table row), so the same run always builds the same partitions in the same order, wherever the corpus
 * is stored: what makes {@code --resume} exact.
 */
public final class MixingKeys {

    private MixingKeys() {
    }

    /** The key of the image with identity {@code id} in a run seeded with {@code seed}. */
    public static long of(long seed, long id) {
        return splitMix(splitMix(id) ^ splitMix(seed + 0x632BE59BD9B4E019L));
    }

    /** A 64-bit identity for an image named by a path: FNV-1a over its UTF-8 bytes. */
    public static long id(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014): every input bit affects every output bit. */
    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
