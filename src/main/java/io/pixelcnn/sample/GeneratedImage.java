package io.pixelcnn.sample;

import java.io.Serializable;

/**
 * Image {@code index} of a sampling job, the seed of its draws ({@link ImageSeeds#of}), its PNG file's bytes
 * and the name of the class it was drawn in ({@code className}: null for an unconditional model).
 */
public record GeneratedImage(long index, long seed, byte[] png, String className) implements Serializable {

    public GeneratedImage(long index, long seed, byte[] png) {
        this(index, seed, png, null);
    }
}
