package io.pixelcnn.data;

import java.io.Serializable;

/** The layout of fixed-size binary records: label bytes, then the pixels of one image of {@code shape}. */
public record RecordFormat(ImageShape shape, int labelBytes) implements Serializable {

    /** The shape as {@code record-shape} writes it: channels x height x width. */
    public String shapeText() {
        return shape.channels() + "x" + shape.height() + "x" + shape.width();
    }

    /**
     * From the configuration's {@code record-shape} ("3x32x32": channels x height x width; blank for "not
     * records") and {@code record-label-bytes}; null when the data is not in records.
     */
    public static RecordFormat parse(String shape, int labelBytes) {
        if (shape == null || shape.isBlank()) {
            return null;
        }
        String[] sizes = shape.trim().toLowerCase().split("x");
        if (sizes.length != 3) {
            throw new IllegalArgumentException("record-shape must be CxHxW such as 3x32x32, got '" + shape + "'");
        }
        try {
            return new RecordFormat(new ImageShape(Integer.parseInt(sizes[0].trim()), Integer.parseInt(sizes[1].trim()),
                    Integer.parseInt(sizes[2].trim())), labelBytes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("record-shape must be CxHxW such as 3x32x32, got '" + shape + "'");
        }
    }
}
