package io.pixelcnn.sample;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** PNG output: single images and square-ish grids, written atomically to any Hadoop file system. */
public final class ImageGrid {

    private ImageGrid() {
    }

    public static BufferedImage image(byte[] pixels, ImageShape shape) {
        return grid(List.of(pixels), shape, 1, 0);
    }

    /** Images in rows of {@code columns}, {@code gap} pixels apart on a black background. */
    public static BufferedImage grid(List<byte[]> images, ImageShape shape, int columns, int gap) {
        int rows = (images.size() + columns - 1) / columns;
        int width = columns * shape.width() + (columns - 1) * gap;
        int height = rows * shape.height() + (rows - 1) * gap;
        boolean gray = shape.channels() == 1;
        BufferedImage out = new BufferedImage(Math.max(1, width), Math.max(1, height),
                gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int plane = shape.height() * shape.width();
        for (int n = 0; n < images.size(); n++) {
            byte[] pixels = images.get(n);
            int left = (n % columns) * (shape.width() + gap);
            int top = (n / columns) * (shape.height() + gap);
            for (int y = 0; y < shape.height(); y++) {
                for (int x = 0; x < shape.width(); x++) {
                    int i = y * shape.width() + x;
                    if (gray) {
                        out.getRaster().setSample(left + x, top + y, 0, pixels[i] & 0xff);
                    } else {
                        int rgb = (pixels[i] & 0xff) << 16 | (pixels[plane + i] & 0xff) << 8 | (pixels[2 * plane + i] & 0xff);
                        out.setRGB(left + x, top + y, rgb);
                    }
                }
            }
        }
        return out;
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
