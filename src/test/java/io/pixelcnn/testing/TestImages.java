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

    /** How many whole images of {@code dims} bytes a (possibly cut) gzipped IDX file holds after its header. */
    public static int wholeIdxImagesIn(Path gzippedIdx, int dims) throws IOException {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(gzippedIdx))) {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                data.write(buffer, 0, n);
            }
        } catch (java.io.EOFException cut) {
            // what was decompressed before the cut is in data
        }
        return Math.max(0, (data.size() - 16) / dims);
    }

    /** An RGBA PNG: colour gradients, alpha from opaque at the left to transparent at the right. */
    public static Path rgbaPng(Path file, int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int alpha = 255 - 255 * x / Math.max(1, width - 1);
                image.setRGB(x, y, alpha << 24 | ((seed + 5 * x) & 0xff) << 16 | ((seed + 3 * y) & 0xff) << 8 | 0x40);
            }
        }
        return write(image, "png", file);
    }

    /** A 16-bit grayscale PNG whose pixel (x, y) is {@code (seed + 500x + 900y) mod 65536}. */
    public static Path gray16Png(Path file, int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (seed + 500 * x + 900 * y) & 0xffff);
            }
        }
        return write(image, "png", file);
    }

    /** A palette (indexed-colour) PNG of 16 colours in stripes. */
    public static Path palettePng(Path file, int width, int height, int seed) throws IOException {
        byte[] r = new byte[16];
        byte[] g = new byte[16];
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) (seed + 16 * i);
            g[i] = (byte) (255 - 16 * i);
            b[i] = (byte) (8 * i);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED,
                new java.awt.image.IndexColorModel(4, 16, r, g, b));
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x + y) % 16);
            }
        }
        return write(image, "png", file);
    }

    /** A colour JPEG, progressive (several scans) or baseline. */
    public static Path jpeg(Path file, int width, int height, int seed, boolean progressive) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((seed + 2 * x) & 0xff) << 16 | ((seed + 3 * y) & 0xff) << 8 | ((x * y) & 0xff));
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        }
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }

    /** A CMYK JPEG (four components, as print workflows write them). */
    public static Path cmykJpeg(Path file, int width, int height, int seed) throws IOException {
        java.awt.image.WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                cmyk.setSample(x, y, 0, (seed + 4 * x) & 0xff);
                cmyk.setSample(x, y, 1, (seed + 6 * y) & 0xff);
                cmyk.setSample(x, y, 2, 30);
                cmyk.setSample(x, y, 3, 10);
            }
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, cmykJpegBytes(cmyk, 0.75f));
    }

    /**
     * A CMYK JPEG of {@code ink} (cyan, magenta, yellow, black; 255 is full ink) as Adobe's applications write
     * the CMYK JPEGs found in the wild: an APP14 "Adobe" marker (transform 0: no colour transform) and every
     * sample stored inverted, 255 - ink. (The JDK's reader takes any four-component JPEG to be so.)
     */
    public static byte[] cmykJpegBytes(java.awt.image.Raster ink, float quality) throws IOException {
        java.awt.image.WritableRaster stored = ink.createCompatibleWritableRaster();
        for (int y = 0; y < ink.getHeight(); y++) {
            for (int x = 0; x < ink.getWidth(); x++) {
                for (int c = 0; c < 4; c++) {
                    stored.setSample(x, y, c, 255 - ink.getSample(x, y, c));
                }
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(stored, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bytes.toByteArray();
        byte[] adobe = {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] marked = new byte[jpeg.length + adobe.length];
        System.arraycopy(jpeg, 0, marked, 0, 2); // after SOI
        System.arraycopy(adobe, 0, marked, 2, adobe.length);
        System.arraycopy(jpeg, 2, marked, 2 + adobe.length, jpeg.length - 2);
        return marked;
    }

    /** A grayscale PNG's bytes, encoded here directly (fast enough to write a corpus of millions). */
    public static byte[] grayPngBytes(byte[] pixels, int width, int height) throws IOException {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream(128 + pixels.length);
        png.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array());
        byte[] rows = new byte[height * (width + 1)]; // each row: filter type 0, then the pixels
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, y * width, rows, y * (width + 1) + 1, width);
        }
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(1);
        deflater.setInput(rows);
        deflater.finish();
        byte[] compressed = new byte[rows.length + 64];
        int length = deflater.deflate(compressed);
        deflater.end();
        chunk(png, "IDAT", java.util.Arrays.copyOf(compressed, length));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** A PNG whose header declares {@code width x height} pixels (a decompression bomb's promise), with almost no data. */
    public static Path pngHeaderOnly(Path file, int width, int height) throws IOException {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream deflate = new java.util.zip.DeflaterOutputStream(compressed)) {
            deflate.write(new byte[width + 1]); // one row of zeros
        }
        chunk(png, "IDAT", compressed.toByteArray());
        chunk(png, "IEND", new byte[0]);
        Files.createDirectories(file.getParent());
        return Files.write(file, png.toByteArray());
    }

    private static void chunk(java.io.ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(name);
        crc.update(data);
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    /** The first {@code fraction} of a file's bytes, as a download cut short leaves it. */
    public static Path truncate(Path file, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return Files.write(file, java.util.Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    }

    private static Path write(BufferedImage image, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no " + format + " writer for " + image);
        }
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
