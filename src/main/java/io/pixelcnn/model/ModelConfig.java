package io.pixelcnn.model;

import java.io.Serializable;

/**
 * Architecture of a PixelCNN: a {@code firstKernel} mask-A convolution to {@code 2*hidden} channels,
 * {@code blocks} residual blocks (1x1 down to {@code hidden}, {@code blockKernel} mask-B, 1x1 back up),
 * then two 1x1 convolutions to the 256-way logits of every sub-pixel.
 */
public record ModelConfig(int hidden, int blocks, int firstKernel, int blockKernel) implements Serializable {

    public ModelConfig {
        require(hidden >= 1, "hidden must be at least 1, got " + hidden);
        require(blocks >= 0, "blocks must not be negative, got " + blocks);
        require(firstKernel >= 1 && firstKernel % 2 == 1, "first-kernel must be odd, got " + firstKernel);
        require(blockKernel >= 1 && blockKernel % 2 == 1, "block-kernel must be odd, got " + blockKernel);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
