package io.pixelcnn.testing;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.sample.ImageGrid;
import java.awt.image.BufferedImage;

/** Reads an image back out of an unlabelled {@link ImageGrid} grid: one grey sample per enlarged pixel block. */
public final class GridTiles {

    private GridTiles() {
    }

    /** The pixels of tile {@code index} of a grid of {@code columns}, of single-channel images of {@code shape}. */
    public static byte[] pixels(BufferedImage grid, int index, int columns, ImageShape shape) {
        int scale = ImageGrid.scale(shape);
        int left = ImageGrid.GUTTER + (index % columns) * (shape.width() * scale + ImageGrid.GUTTER);
        int top = ImageGrid.GUTTER + (index / columns) * (shape.height() * scale + ImageGrid.GUTTER);
        byte[] pixels = new byte[shape.height() * shape.width()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) grid.getRaster().getSample(left + (i % shape.width()) * scale, top + (i / shape.width()) * scale, 0);
        }
        return pixels;
    }

    /** The width (and height) of a square grid of {@code columns} tiles of {@code shape}. */
    public static int side(int columns, ImageShape shape) {
        return columns * shape.width() * ImageGrid.scale(shape) + (columns + 1) * ImageGrid.GUTTER;
    }
}
