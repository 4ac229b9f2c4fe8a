package io.pixelcnn.testing;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Small image files the tests write themselves. */
public final class TestImages {

    private TestImages() {
    }

    /** A grayscale PNG whose pixel (x, y) is {@code (seed + 7x + 13y) mod 256}. */
    public static Path grayPng(Path file, int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (seed + 7 * x + 13 * y) & 0xff);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** A grayscale PNG of {@code pixels} (one byte per pixel, row by row). */
    public static Path grayPng(Path file, byte[] pixels, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < width * height; i++) {
            image.getRaster().setSample(i % width, i / width, 0, pixels[i] & 0xff);
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** An RGB PNG with smooth colour gradients that depend on {@code seed}. */
    public static Path colourPng(Path file, int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (seed * 3 + 8 * x) & 0xff;
                int g = (seed * 5 + 8 * y) & 0xff;
                int b = (seed * 7 + 4 * (x + y)) & 0xff;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** An IDX image file holding {@code images} of {@code rows x cols}, gzipped or raw. */
    public static Path idx(Path file, List<byte[]> images, int rows, int cols, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x00000803);
            out.writeInt(images.size());
            out.writeInt(rows);
            out.writeInt(cols);
            for (byte[] image : images) {
                out.write(image);
            }
        }
        return file;
    }
}
