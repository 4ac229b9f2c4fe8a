package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.pixelcnn.testing.LocalSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-style binary records written by the test: one label byte, then 3 x 4 x 5 pixels, in two files. */
class RecordFileSourceTest {

    private static final ImageShape SHAPE = new ImageShape(3, 4, 5);
    private static JavaSparkContext sc;

    @TempDir
    Path dir;
    private final List<byte[]> images = new ArrayList<>();

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("record-file-source-test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @BeforeEach
    void writeFiles() throws Exception {
        writeBatch(dir.resolve("data_batch_1.bin"), 7);
        writeBatch(dir.resolve("data_batch_2.bin"), 5);
        Files.writeString(dir.resolve("_SUCCESS"), ""); // hidden by Hadoop's convention
    }

    @Test
    void slicesAcrossFilesReadEveryImageInOrderWithoutLabels() {
        List<PreparedImage> read = ImageData.first(sc, records(dir.toString(), 0), 12);
        assertEquals(12, read.size());
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(images.get(i), read.get(i).pixels(), "image " + i);
            assertEquals(SHAPE, read.get(i).shape());
        }
        assertTrue(read.get(7).name().endsWith("data_batch_2.bin#0"), read.get(7).name());
    }

    @Test
    void globAndLimit() {
        try (ImageData data = ImageData.load(sc, records(dir.resolve("data_batch_*.bin").toString(), 9), 4, 1)) {
            assertEquals(9, data.count());
            assertEquals(SHAPE, data.shape());
        }
    }

    @Test
    void partialRecordIsNamed() throws Exception {
        Path odd = Files.write(dir.resolve("data_batch_3.bin"), new byte[100]);
        BadInputException error = assertThrows(BadInputException.class,
                () -> ImageData.load(sc, records(dir.toString(), 0), 2, 1));
        assertEquals(odd + ": 100 bytes is not a whole number of 61-byte records (4x5 with 3 channels after 1 label byte)",
                error.getMessage());
    }

    private static DatasetSpec records(String path, long limit) {
        return new DatasetSpec(path, limit, new SourceFormat(SourceFormat.AUTO, null, new RecordFormat(SHAPE, 1)),
                Preparation.asFound(3));
    }

    /** Records whose label is their index and whose pixel k is (index * 31 + k) mod 256. */
    private void writeBatch(Path file, int records) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int r = 0; r < records; r++) {
            int index = images.size();
            byte[] pixels = new byte[SHAPE.dims()];
            for (int k = 0; k < pixels.length; k++) {
                pixels[k] = (byte) (index * 31 + k);
            }
            out.write(index);
            out.write(pixels);
            images.add(pixels);
        }
        Files.write(file, out.toByteArray());
    }
}
