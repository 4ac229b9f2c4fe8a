package io.pixelcnn.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Three Fashion-MNIST classes that look nothing alike (Trouser, Bag, Sandal), written as an IDX image file and
 * its label file beside it, relabelled 0, 1, 2 in that order: a small class-conditional corpus whose class
 * names a run gives with {@code class-names}.
 */
public final class ThreeClasses {

    public static final List<String> NAMES = List.of("Trouser", "Bag", "Sandal");
    /** Their labels in Fashion-MNIST's own files. */
    private static final int[] FASHION_LABELS = {1, 8, 5};

    /** The images of one such corpus, in file order, and each one's class index (0..2). */
    public record Corpus(Path images, List<byte[]> pixels, List<Integer> labels) {
    }

    private ThreeClasses() {
    }

    /**
     * The first {@code perClass} images of each of the three classes from Fashion-MNIST's {@code prefix} set
     * ({@code train} or {@code t10k}), interleaved (one of each in turn), written into {@code folder}; with
     * {@code every} 2, every other pixel of every other row (14 x 14: a quarter of the work to train on).
     */
    public static Corpus write(Path folder, String prefix, int perClass, int every) throws IOException {
        Path sourceImages = FashionMnist.DIR.resolve(prefix + "-images-idx3-ubyte.gz");
        byte[] sourceLabels = FashionMnist.gunzip(FashionMnist.DIR.resolve(prefix + "-labels-idx1-ubyte.gz"));
        int available = sourceLabels.length - 8;
        List<byte[]> all = FashionMnist.images(sourceImages, available);
        List<List<byte[]>> byClass = new ArrayList<>();
        for (int fashion : FASHION_LABELS) {
            List<byte[]> chosen = new ArrayList<>();
            for (int i = 0; i < available && chosen.size() < perClass; i++) {
                if (sourceLabels[8 + i] == fashion) {
                    chosen.add(subsampled(all.get(i), every));
                }
            }
            byClass.add(chosen);
        }
        List<byte[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int k = 0; k < FASHION_LABELS.length; k++) {
                pixels.add(byClass.get(k).get(i));
                labels.add(k);
            }
        }
        int side = FashionMnist.SIDE / every;
        Path images = TestImages.idx(folder.resolve(prefix + "-images-idx3-ubyte.gz"), pixels, side, side, true);
        labelFile(folder.resolve(prefix + "-labels-idx1-ubyte.gz"), labels);
        return new Corpus(images, pixels, labels);
    }

    private static byte[] subsampled(byte[] image, int every) {
        int side = FashionMnist.SIDE / every;
        byte[] kept = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                kept[y * side + x] = image[every * y * FashionMnist.SIDE + every * x];
            }
        }
        return kept;
    }

    /** An IDX label file (magic 0x801) of {@code labels}, gzipped. */
    public static Path labelFile(Path file, List<Integer> labels) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
            out.writeInt(0x00000801);
            out.writeInt(labels.size());
            for (int label : labels) {
                out.writeByte(label);
            }
        }
        return file;
    }
}
