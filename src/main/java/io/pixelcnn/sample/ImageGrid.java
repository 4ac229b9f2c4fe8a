package io.pixelcnn.sample;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * PNG output: single images, exactly as sampled, and grids of them for a person to look at, written
 * atomically to any Hadoop file system. A grid enlarges small images (each pixel a block of pixels:
 * nearest-neighbour, no blur) and separates them by light gutters, since most images here are dark on black.
 */
public final class ImageGrid {

    /** Gutters and border, in the grid's pixels: light grey, so black tiles stand apart. */
    public static final int GUTTER = 4;
    public static final int GUTTER_GREY = 0xc8;
    /** Images are enlarged until at least this wide (28 x 28 Fashion-MNIST: 3x, 84 pixels). */
    static final int MIN_TILE_WIDTH = 80;
    private static final int LABEL_FONT_SIZE = 11;

    private ImageGrid() {
    }

    /** One image, pixel for pixel. */
    public static BufferedImage image(byte[] pixels, ImageShape shape) {
        BufferedImage out = new BufferedImage(shape.width(), shape.height(), imageType(shape));
        draw(out, pixels, shape, 0, 0, 1);
        return out;
    }

    /** How many times a grid enlarges images of this shape: whole numbers only, so every pixel stays square. */
    public static int scale(ImageShape shape) {
        return Math.max(1, (MIN_TILE_WIDTH + shape.width() - 1) / shape.width());
    }

    /** Images in rows of {@code columns}, enlarged by {@link #scale}, between light gutters. */
    public static BufferedImage grid(List<byte[]> images, ImageShape shape, int columns) {
        return grid(images, List.of(), shape, columns);
    }

    /**
     * As {@link #grid(List, ImageShape, int)}, with each image's {@code labels} (its lines of text, e.g. an
     * index and a score) printed under it, so the grid can be read beside the listing it shows.
     */
    public static BufferedImage grid(List<byte[]> images, List<List<String>> labels, ImageShape shape, int columns) {
        int scale = scale(shape);
        int tileWidth = shape.width() * scale;
        int tileHeight = shape.height() * scale;
        int labelLines = labels.stream().mapToInt(List::size).max().orElse(0);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, LABEL_FONT_SIZE);
        int lineHeight = LABEL_FONT_SIZE + 2;
        int cellHeight = tileHeight + labelLines * lineHeight;
        int rows = Math.max(1, (images.size() + columns - 1) / columns);
        int width = columns * tileWidth + (columns + 1) * GUTTER;
        int height = rows * cellHeight + (rows + 1) * GUTTER;
        BufferedImage out = new BufferedImage(width, height, imageType(shape));
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(GUTTER_GREY, GUTTER_GREY, GUTTER_GREY));
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(Color.BLACK);
            FontMetrics metrics = g.getFontMetrics();
            for (int n = 0; n < images.size(); n++) {
                int left = GUTTER + (n % columns) * (tileWidth + GUTTER);
                int top = GUTTER + (n / columns) * (cellHeight + GUTTER);
                if (images.get(n) == null) {
                    continue; // an empty cell: a shorter row of a grid by class
                }
                draw(out, images.get(n), shape, left, top, scale);
                List<String> lines = n < labels.size() ? labels.get(n) : List.of();
                for (int line = 0; line < lines.size(); line++) {
                    String text = fitted(lines.get(line), metrics, tileWidth);
                    g.drawString(text, left, top + tileHeight + (line + 1) * lineHeight - 2);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The end of {@code text} that fits in {@code width} (a path's file name matters more than its folders). */
    private static String fitted(String text, FontMetrics metrics, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String tail = text;
        while (tail.length() > 1 && metrics.stringWidth("..." + tail) > width) {
            tail = tail.substring(1);
        }
        return "..." + tail;
    }

    private static int imageType(ImageShape shape) {
        return shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
    }

    /** Each of the image's pixels as a {@code scale} x {@code scale} block at ({@code left}, {@code top}). */
    private static void draw(BufferedImage out, byte[] pixels, ImageShape shape, int left, int top, int scale) {
        int plane = shape.height() * shape.width();
        boolean gray = shape.channels() == 1;
        for (int y = 0; y < shape.height() * scale; y++) {
            for (int x = 0; x < shape.width() * scale; x++) {
                int i = (y / scale) * shape.width() + x / scale;
                if (gray) {
                    out.getRaster().setSample(left + x, top + y, 0, pixels[i] & 0xff);
                } else {
                    int rgb = (pixels[i] & 0xff) << 16 | (pixels[plane + i] & 0xff) << 8 | (pixels[2 * plane + i] & 0xff);
                    out.setRGB(left + x, top + y, rgb);
                }
            }
        }
    }

    /**
     * Images that took {@code classes} classes in turn ({@link ImageClasses}: image i the (i mod classes)-th)
     * laid out one row per class, in {@link #classColumns} columns: image i at row i mod classes, column
     * i / classes; null where a row is shorter (when the count is not a multiple of the classes).
     */
    public static List<byte[]> byClass(List<byte[]> images, int classes) {
        int columns = classColumns(images.size(), classes);
        List<byte[]> cells = new ArrayList<>(Collections.nCopies(columns * classes, (byte[]) null));
        for (int i = 0; i < images.size(); i++) {
            cells.set((i % classes) * columns + i / classes, images.get(i));
        }
        return cells;
    }

    /** Columns of a grid of {@code count} images in rows of {@code classes}: the longest row's images. */
    public static int classColumns(int count, int classes) {
        return (count + classes - 1) / classes;
    }

    /**
     * The picture of sampled images: a near-square grid, or for images that took {@code classes} in turn one
     * row per class ({@link #byClass}).
     */
    public static BufferedImage of(List<byte[]> images, ImageShape shape, ImageClasses classes) {
        return classes.isNone() ? grid(images, shape, columnsFor(images.size()))
                : grid(byClass(images, classes.count()), shape, classColumns(images.size(), classes.count()));
    }

    /** Columns for a near-square grid of {@code count} images. */
    public static int columnsFor(int count) {
        return (int) Math.ceil(Math.sqrt(count));
    }

    /** One image as the bytes of a PNG file. */
    public static byte[] png(byte[] pixels, ImageShape shape) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (!ImageIO.write(image(pixels, shape), "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return out.toByteArray();
    }

    public static void writePng(BufferedImage image, Path path, Configuration conf) throws IOException {
        AtomicFiles.write(path, conf, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
