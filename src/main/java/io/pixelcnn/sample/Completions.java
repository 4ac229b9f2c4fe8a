package io.pixelcnn.sample;

import io.pixelcnn.data.ImageShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How {@code complete} shows its work: each image as original | occluded | completed. */
public final class Completions {

    /** How the hidden part of an image is drawn in the middle column. */
    static final byte OCCLUDED = (byte) 128;
    /** Images per row of the comparison grid. */
    public static final int COLUMNS = 3;

    private Completions() {
    }

    /** original, occluded, completed for every image, in the order a grid of {@link #COLUMNS} columns shows them. */
    public static List<byte[]> comparison(List<byte[]> originals, List<byte[]> completed, ImageShape shape,
                                          int keepRows) {
        List<byte[]> tiles = new ArrayList<>(COLUMNS * originals.size());
        for (int i = 0; i < originals.size(); i++) {
            tiles.add(originals.get(i));
            tiles.add(occluded(originals.get(i), shape, keepRows));
            tiles.add(completed.get(i));
        }
        return tiles;
    }

    /** The image with every row from {@code keepRows} on hidden, in each channel. */
    static byte[] occluded(byte[] image, ImageShape shape, int keepRows) {
        byte[] hidden = image.clone();
        int plane = shape.height() * shape.width();
        for (int c = 0; c < shape.channels(); c++) {
            Arrays.fill(hidden, c * plane + keepRows * shape.width(), (c + 1) * plane, OCCLUDED);
        }
        return hidden;
    }
}
