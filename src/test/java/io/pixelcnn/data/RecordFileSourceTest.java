package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-style binary records written by the test: one label byte, then 3 x 4 x 5 pixels, in two files. */
class RecordFileSourceTest {

    private static final Configuration CONF = new Configuration();
    private static final ImageShape SHAPE = new ImageShape(3, 4, 5);

    @TempDir
    Path dir;
    private final List<byte[]> images = new ArrayList<>();

    @BeforeEach
    void writeFiles() throws Exception {
        writeBatch(dir.resolve("data_batch_1.bin"), 7);
        writeBatch(dir.resolve("data_batch_2.bin"), 5);
        Files.writeString(dir.resolve("_SUCCESS"), ""); // hidden by Hadoop's convention
    }

    @Test
    void rangesAcrossFilesReadEveryImageInOrderWithoutLabels() {
        ImageSource source = RecordFileSource.open(dir.toString(), SHAPE, 1, 0, CONF);
        assertEquals(12, source.count());
        assertEquals(SHAPE, source.shape());
        FixedRecordSource records = (FixedRecordSource) source;
        List<byte[]> read = new ArrayList<>();
        for (Shards.Range range : Shards.balanced(12, 5)) { // ranges 0-3, 3-6, 6-8, 8-10, 10-12: one crosses files
            read.addAll(FixedRecordSource.readRange(parts(records), 1, SHAPE.dims(), range, CONF));
        }
        assertEquals(12, read.size());
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(images.get(i), read.get(i), "image " + i);
        }
    }

    @Test
    void globAndLimit() {
        ImageSource source = RecordFileSource.open(dir.resolve("data_batch_*.bin").toString(), SHAPE, 1, 9, CONF);
        assertEquals(9, source.count());
    }

    @Test
    void partialRecordIsNamed() throws Exception {
        Path odd = Files.write(dir.resolve("data_batch_3.bin"), new byte[100]);
        BadInputException error = assertThrows(BadInputException.class,
                () -> RecordFileSource.open(dir.toString(), SHAPE, 1, 0, CONF));
        assertEquals(odd + ": 100 bytes is not a whole number of 61-byte records (5x4 with 3 channels after 1 label byte)",
                error.getMessage());
    }

    private static List<FixedRecordSource.Part> parts(FixedRecordSource source) {
        return source.parts();
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
