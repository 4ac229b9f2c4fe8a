import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes the README's example corpora ("Your own images") from Fashion-MNIST, in the three layouts a data team
 * brings: a folder of photos, a Hugging Face Parquet export, CIFAR binaries. Run by make-example-data.sh with the
 * project's jar on the class path (Hadoop and Parquet come from it); deterministic (fixed seeds), so every copy of
 * the repository writes the same corpora.
 *
 * <pre>
 * OUT/photos/CLASS/NNNNN.(jpg|png)       --images photos (at most 12,000), and 3 broken files
 * OUT/photos-test/CLASS/NNNNN.(jpg|png)  a sixth of that, from the test set
 * OUT/fashion-hf/train.parquet           --images rows (at most 60,000): image struct(bytes, path), label
 * OUT/fashion-hf/test.parquet            --images / 6 rows (at most 10,000)
 * OUT/cifar-format/data_batch_1..5.bin   --images records (at most 50,000): label byte, 1024 R, G, B bytes
 * OUT/cifar-format/test_batch.bin        --images / 6 records (at most 10,000)
 * </pre>
 */
public final class MakeExampleData {

    static final String[] CLASSES = {"t-shirt-top", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
            "sneaker", "bag", "ankle-boot"};
    /** Each class's colour: the photos and the CIFAR records are tinted with it, so colour carries information. */
    static final int[][] TINTS = {{255, 90, 90}, {90, 160, 255}, {120, 230, 120}, {255, 200, 60}, {200, 120, 255},
            {60, 220, 220}, {255, 140, 200}, {240, 240, 240}, {170, 130, 80}, {255, 160, 60}};
    static final int SIDE = 28;
    static final int CIFAR_SIDE = 32;

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--images"))) {
            fail("usage: make-example-data.sh OUT_DIR [--images N]   (N: training images per layout, default 60000)");
        }
        Path out = Path.of(args[0]);
        int images = 60_000;
        if (args.length == 3) {
            try {
                images = Integer.parseInt(args[2]);
            } catch (NumberFormatException e) {
                images = -1;
            }
            if (images < 30 || images > 60_000) {
                fail("--images " + args[2] + ": a whole number from 30 to 60000");
            }
        }
        for (String layout : new String[] {"photos", "photos-test", "fashion-hf", "cifar-format"}) {
            if (Files.exists(out.resolve(layout))) {
                fail(out.resolve(layout) + " already exists: choose a new OUT_DIR or delete it");
            }
        }
        Path fashion = Path.of(System.getenv().getOrDefault("FASHION_MNIST", "/usr/share/datasets/fashion-mnist"));
        Fashion train = Fashion.read(fashion, "train");
        Fashion test = Fashion.read(fashion, "t10k");
        int tests = Math.min(10_000, images / 6);
        int photos = Math.min(12_000, images);

        long start = System.nanoTime();
        writePhotos(out.resolve("photos"), train, photos, 1);
        writeBrokenFiles(out.resolve("photos"));
        writePhotos(out.resolve("photos-test"), test, photos / 6, 2);
        writeParquet(out.resolve("fashion-hf/train.parquet"), train, images);
        writeParquet(out.resolve("fashion-hf/test.parquet"), test, tests);
        int records = Math.min(50_000, images);
        for (int batch = 0; batch < 5; batch++) {
            writeCifar(out.resolve("cifar-format/data_batch_" + (batch + 1) + ".bin"), train,
                    batch * records / 5, (batch + 1) * records / 5);
        }
        writeCifar(out.resolve("cifar-format/test_batch.bin"), test, 0, tests);
        System.out.printf("%s: photos %,d (+3 broken) and photos-test %,d; fashion-hf %,d and %,d rows; "
                        + "cifar-format %,d and %,d records (%.1f s)%n", out, photos, photos / 6, images, tests, records,
                tests, (System.nanoTime() - start) / 1e9);
    }

    /** Fashion-MNIST images and labels, from the gzipped IDX files. */
    record Fashion(byte[] pixels, byte[] labels) {
        static Fashion read(Path dir, String prefix) throws IOException {
            byte[] images = gunzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
            byte[] labels = gunzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
            return new Fashion(images, labels);
        }

        int label(int i) {
            return labels[8 + i] & 0xff;
        }

        int pixel(int i, int y, int x) {
            return pixels[16 + i * SIDE * SIDE + y * SIDE + x] & 0xff;
        }

        int count() {
            return labels.length - 8;
        }
    }

    /**
     * Photos as a camera and a web page leave them: class folders of JPEG and PNG files, 28 to 147 pixels high,
     * aspect ratios (width / height) 0.6 to 1.5, each a Fashion-MNIST image tinted by its class and scaled.
     */
    static void writePhotos(Path folder, Fashion source, int count, long seed) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < Math.min(count, source.count()); i++) {
            int height = 28 + random.nextInt(120);
            double aspect = 0.6 + 0.9 * random.nextDouble();
            int width = (int) Math.round(height * aspect);
            boolean jpeg = random.nextBoolean();
            BufferedImage photo = scaled(tinted(source, i), width, height);
            Path file = folder.resolve(CLASSES[source.label(i)]).resolve(String.format("%05d.%s", i, jpeg ? "jpg" : "png"));
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(photo, jpeg ? "jpg" : "png", file.toFile())) {
                throw new IOException("no image writer for " + file);
            }
        }
    }

    /** The three broken files the README's DROPMALFORMED example skips: empty, not an image, cut short. */
    static void writeBrokenFiles(Path photos) throws IOException {
        Files.createDirectories(photos.resolve("bag"));
        Files.createDirectories(photos.resolve("coat"));
        Files.createDirectories(photos.resolve("dress"));
        Files.write(photos.resolve("bag/broken-empty.jpg"), new byte[0]);
        Files.writeString(photos.resolve("coat/broken-not-an-image.png"), "a text file named like a photo\n",
                StandardCharsets.UTF_8);
        byte[] whole = encoded(scaled(tintedGrey(120), 100, 120), "jpg");
        Files.write(photos.resolve("dress/broken-truncated.jpg"), java.util.Arrays.copyOf(whole, whole.length / 2));
    }

    /**
     * A Parquet file as Hugging Face {@code datasets}' {@code to_parquet} writes an image dataset: a struct
     * {@code image} of the encoded PNG {@code bytes} and its file {@code path}, and an integer {@code label}.
     * One file, written through Hadoop's raw local file system (no .crc file beside it).
     */
    static void writeParquet(Path file, Fashion source, int rows) throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message hf { optional group image { "
                + "optional binary bytes; optional binary path (STRING); } optional int64 label; }");
        Files.createDirectories(file.getParent());
        Configuration conf = new Configuration();
        conf.setClass("fs.file.impl", RawLocalFileSystem.class, FileSystem.class);
        conf.setBoolean("fs.file.impl.disable.cache", true);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
                        new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()))
                .withConf(conf).withType(schema).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (int i = 0; i < rows; i++) {
                Group row = groups.newGroup();
                row.addGroup("image")
                        .append("bytes", org.apache.parquet.io.api.Binary.fromConstantByteArray(encoded(grey(source, i), "png")))
                        .append("path", String.format("%05d.png", i));
                row.append("label", (long) source.label(i));
                writer.write(row);
            }
        }
    }

    /**
     * CIFAR-10's binary layout: per record a label byte, then the 1,024 red, 1,024 green and 1,024 blue bytes of
     * a 32x32 image, row by row. The image is a Fashion-MNIST one padded by 2 black pixels and tinted by its class.
     */
    static void writeCifar(Path file, Fashion source, int from, int to) throws IOException {
        Files.createDirectories(file.getParent());
        int plane = CIFAR_SIDE * CIFAR_SIDE;
        byte[] record = new byte[1 + 3 * plane];
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            for (int i = from; i < to; i++) {
                int label = source.label(i);
                java.util.Arrays.fill(record, (byte) 0);
                record[0] = (byte) label;
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        int v = source.pixel(i, y, x);
                        int at = (y + 2) * CIFAR_SIDE + x + 2;
                        for (int c = 0; c < 3; c++) {
                            record[1 + c * plane + at] = (byte) (v * TINTS[label][c] / 255);
                        }
                    }
                }
                out.write(record);
            }
        }
    }

    static BufferedImage grey(Fashion source, int i) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                image.getRaster().setSample(x, y, 0, source.pixel(i, y, x));
            }
        }
        return image;
    }

    static BufferedImage tinted(Fashion source, int i) {
        int[] tint = TINTS[source.label(i)];
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int v = source.pixel(i, y, x);
                image.setRGB(x, y, (v * tint[0] / 255) << 16 | (v * tint[1] / 255) << 8 | v * tint[2] / 255);
            }
        }
        return image;
    }

    /** A plain grey square with a gradient: content for the truncated JPEG, which no reader gets to see whole. */
    static BufferedImage tintedGrey(int level) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int v = (level + 4 * x + 3 * y) & 0xff;
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = scaled.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(image, 0, 0, width, height, null);
        graphics.dispose();
        return scaled;
    }

    static byte[] encoded(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, bytes)) {
            throw new IOException("no image writer for " + format);
        }
        return bytes.toByteArray();
    }

    static byte[] gunzip(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            fail(file + ": no such file (Debian's dataset-fashion-mnist package, or set FASHION_MNIST to its folder)");
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(2);
    }
}
