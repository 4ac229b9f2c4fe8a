package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import io.pixelcnn.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IDX files, raw and gzipped, read on Spark local[2] into mixed partitions. */
class IdxImageSourceTest {

    private static JavaSparkContext sc;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("idx-image-source-test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyImageArrivesOnceWithItsIndexAsName(boolean gzip) throws Exception {
        List<byte[]> expected = FashionMnist.images(FashionMnist.TEST_IMAGES, 50);
        Path file = TestImages.idx(dir.resolve(gzip ? "images.gz" : "images"), expected, 28, 28, gzip);
        try (ImageData data = ImageData.load(sc, DatasetSpec.of(file.toString(), 0), 7, 3)) {
            assertEquals(50, data.count());
            assertEquals(new ImageShape(1, 28, 28), data.shape());
            Map<String, byte[]> named = data.named().collectAsMap();
            assertEquals(50, named.size());
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(expected.get(i), named.get(file + "#" + i), "image " + i);
            }
        }
        List<PreparedImage> first = ImageData.first(sc, DatasetSpec.of(file.toString(), 0), 12);
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(expected.get(i), first.get(i).pixels(), "first images in file order: " + i);
        }
    }

    @Test
    void aGzippedFileIsDecompressedOncePerReadNotOncePerPartition() throws Exception {
        Path file = FashionMnist.TEST_IMAGES;
        long size = Files.size(file);
        long before = localBytesRead();
        try (ImageData data = ImageData.load(sc, DatasetSpec.of(file.toString(), 0), 8, 1)) {
            assertEquals(10000, data.count());
        }
        long read = localBytesRead() - before;
        // the driver reads the header (one buffer); the data once: nowhere near 8 partitions' worth
        assertTrue(read >= size && read < size + (1 << 20), "read " + read + " bytes of a " + size + "-byte file");
    }

    /** Bytes read through Hadoop's local file system by this JVM (driver and local[2] executors alike). */
    private static long localBytesRead() {
        return FileSystem.getAllStatistics().stream().filter(s -> "file".equals(s.getScheme()))
                .mapToLong(FileSystem.Statistics::getBytesRead).sum();
    }

    @Test
    void limitKeepsTheFirstImages() {
        try (ImageData data = ImageData.load(sc, DatasetSpec.of(FashionMnist.TRAIN_IMAGES.toString(), 1000), 3, 1)) {
            assertEquals(1000, data.count());
            assertTrue(data.named().keys().filter(name -> name.endsWith("#999")).count() == 1);
            assertEquals(0, data.named().keys().filter(name -> name.endsWith("#1000")).count());
        }
    }

    @Test
    void labelFileIsRecognisedAndNamed() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> ImageData.load(sc, DatasetSpec.of(FashionMnist.TRAIN_LABELS.toString(), 0), 2, 1));
        assertEquals(FashionMnist.TRAIN_LABELS + ": IDX magic 0x00000801 is a label file, expected images (0x00000803)",
                error.getMessage());
    }

    @Test
    void otherFilesAreNotIdx() throws Exception {
        Path png = TestImages.grayPng(dir.resolve("a.png"), 4, 4, 0);
        BadInputException error = assertThrows(BadInputException.class,
                () -> ImageData.load(sc, DatasetSpec.of(png.toString(), 0), 2, 1));
        assertTrue(error.getMessage().startsWith(png + ": not an IDX image file (magic 0x89504e47"), error.getMessage());
    }

    @Test
    void truncatedRawFileIsCaughtFromItsLength() throws Exception {
        Path file = TestImages.idx(dir.resolve("images"), FashionMnist.images(FashionMnist.TEST_IMAGES, 10), 28, 28, false);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, 16 + 784 * 6 + 100));
        BadInputException error = assertThrows(BadInputException.class,
                () -> ImageData.load(sc, DatasetSpec.of(file.toString(), 0), 2, 1));
        assertEquals(file + ": truncated: header promises 10 images of 28x28, data ends after 6", error.getMessage());
    }

    @Test
    void truncatedGzipFileSaysHowManyWholeImagesItHolds() throws Exception {
        List<byte[]> images = FashionMnist.images(FashionMnist.TEST_IMAGES, 40);
        Path file = TestImages.idx(dir.resolve("cut.gz"), images, 28, 28, true);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        int whole = TestImages.wholeIdxImagesIn(file, 784);
        assertTrue(whole > 20 && whole < 40, "a cut at two thirds of the file holds " + whole + " whole images");
        Exception error = assertThrows(Exception.class, () -> ImageData.load(sc, DatasetSpec.of(file.toString(), 0), 3, 1));
        BadInputException bad = BadInputException.findIn(error);
        assertEquals(file + ": truncated: header promises 40 images of 28x28, data ends after " + whole, bad.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> ImageData.load(sc, DatasetSpec.of(dir.resolve("nope.gz").toString(), 0), 2, 1));
        assertEquals(dir.resolve("nope.gz") + ": no such file or directory", error.getMessage());
    }
}
