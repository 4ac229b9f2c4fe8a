package io.pixelcnn.sample;

import java.io.Serializable;

/** Image {@code index} of a sampling job, the seed of its draws ({@link ImageSeeds#of}) and its PNG file's bytes. */
public record GeneratedImage(long index, long seed, byte[] png) implements Serializable {
}
