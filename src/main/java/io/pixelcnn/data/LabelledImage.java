package io.pixelcnn.data;

import java.io.Serializable;

/**
 * A prepared image of a class-conditional dataset: its pixels (one byte per sub-pixel, channel-major, as
 * {@link ImageData#images} gives them) and its class index. A plain class: Spark's Kryo cannot build records.
 */
public final class LabelledImage implements Serializable {

    private static final long serialVersionUID = 1L;

    private byte[] pixels;
    private int label;

    /** For Kryo. */
    private LabelledImage() {
    }

    public LabelledImage(byte[] pixels, int label) {
        if (label < 0) {
            throw new IllegalArgumentException("class index must not be negative, got " + label);
        }
        this.pixels = pixels;
        this.label = label;
    }

    public byte[] pixels() {
        return pixels;
    }

    /** The class index: the image's place in the dataset's {@link io.pixelcnn.io.ClassList}. */
    public int label() {
        return label;
    }
}
