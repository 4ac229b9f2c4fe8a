package io.pixelcnn.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The real test data: Fashion-MNIST from Debian's dataset-fashion-mnist package. */
public final class FashionMnist {

    public static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final Path TRAIN_IMAGES = DIR.resolve("train-images-idx3-ubyte.gz");
    public static final Path TEST_IMAGES = DIR.resolve("t10k-images-idx3-ubyte.gz");
    public static final Path TRAIN_LABELS = DIR.resolve("train-labels-idx1-ubyte.gz");
    public static final int SIDE = 28;

    private FashionMnist() {
    }

    /** The first {@code count} images of an IDX file, read directly (no Spark, no project code). */
    public static List<byte[]> images(Path idxGz, int count) throws IOException {
        byte[] raw = gunzip(idxGz);
        List<byte[]> images = new ArrayList<>(count);
        int dims = SIDE * SIDE;
        for (int i = 0; i < count; i++) {
            byte[] image = new byte[dims];
            System.arraycopy(raw, 16 + i * dims, image, 0, dims);
            images.add(image);
        }
        return images;
    }

    /**
     * Colour images made from Fashion-MNIST, every other pixel of each (14 x 14), channels (image,
     * 255 - image, image / 2) in planes: small RGB images whose channels depend on each other.
     */
    public static List<byte[]> colourImages(Path idxGz, int count) throws IOException {
        int side = SIDE / 2;
        List<byte[]> colour = new ArrayList<>(count);
        for (byte[] gray : images(idxGz, count)) {
            byte[] rgb = new byte[3 * side * side];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int v = gray[2 * y * SIDE + 2 * x] & 0xff;
                    int at = y * side + x;
                    rgb[at] = (byte) v;
                    rgb[side * side + at] = (byte) (255 - v);
                    rgb[2 * side * side + at] = (byte) (v / 2);
                }
            }
            colour.add(rgb);
        }
        return colour;
    }

    public static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
