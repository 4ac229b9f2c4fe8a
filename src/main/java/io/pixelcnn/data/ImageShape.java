package io.pixelcnn.data;

import java.io.Serializable;

/** Size of every image in a dataset (written height x width); pixels are stored channel-major (NCHW) as unsigned bytes. */
public record ImageShape(int channels, int height, int width) implements Serializable {

    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
    }

    /** Sub-pixels per image: the "dims" in bits per dimension. */
    public int dims() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return height + "x" + width + (channels == 1 ? " grayscale" : " with " + channels + " channels");
    }
}
