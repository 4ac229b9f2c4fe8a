package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading IDX files by ranges, as executors do, without Spark. */
class IdxImageSourceTest {

    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void rangesReadTheSameImagesAsASequentialRead(boolean gzip) throws Exception {
        List<byte[]> expected = FashionMnist.images(FashionMnist.TEST_IMAGES, 50);
        Path file = TestImages.idx(dir.resolve(gzip ? "images.gz" : "images"), expected, 28, 28, gzip);
        ImageSource source = IdxImageSource.open(file.toString(), 0, CONF);
        assertEquals(50, source.count());
        assertEquals(new ImageShape(1, 28, 28), source.shape());

        List<FixedRecordSource.Part> parts = List.of(new FixedRecordSource.Part(file.toString(), 16, 50, "50 images"));
        List<byte[]> read = new ArrayList<>();
        for (Shards.Range range : Shards.balanced(50, 7)) {
            read.addAll(FixedRecordSource.readRange(parts, 0, 784, range, CONF));
        }
        assertEquals(50, read.size());
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(expected.get(i), read.get(i), "image " + i);
        }
    }

    @Test
    void realFashionMnistHeader() {
        ImageSource source = IdxImageSource.open(FashionMnist.TRAIN_IMAGES.toString(), 1000, CONF);
        assertEquals(1000, source.count());
        assertEquals(new ImageShape(1, 28, 28), source.shape());
    }

    @Test
    void labelFileIsRecognisedAndNamed() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> IdxImageSource.open(FashionMnist.TRAIN_LABELS.toString(), 0, CONF));
        assertEquals(FashionMnist.TRAIN_LABELS + ": IDX magic 0x00000801 is a label file, expected images (0x00000803)",
                error.getMessage());
    }

    @Test
    void otherFilesAreNotIdx() throws Exception {
        Path png = TestImages.grayPng(dir.resolve("a.png"), 4, 4, 0);
        BadInputException error = assertThrows(BadInputException.class,
                () -> IdxImageSource.open(png.toString(), 0, CONF));
        assertTrue(error.getMessage().startsWith(png + ": not an IDX image file (magic 0x89504e47"), error.getMessage());
    }

    @Test
    void truncatedRawFileIsCaughtFromItsLength() throws Exception {
        Path file = TestImages.idx(dir.resolve("images"), FashionMnist.images(FashionMnist.TEST_IMAGES, 10), 28, 28, false);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, 16 + 784 * 6 + 100));
        BadInputException error = assertThrows(BadInputException.class, () -> IdxImageSource.open(file.toString(), 0, CONF));
        assertEquals(file + ": truncated: header promises 10 images of 28x28, data ends after 6", error.getMessage());
    }

    @Test
    void truncatedGzipFileIsCaughtWhereTheDataEnds() throws Exception {
        Path file = TestImages.idx(dir.resolve("images.gz"), FashionMnist.images(FashionMnist.TEST_IMAGES, 10), 28, 28, true);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        ImageSource source = IdxImageSource.open(file.toString(), 0, CONF);
        List<FixedRecordSource.Part> parts = List.of(new FixedRecordSource.Part(file.toString(), 16, 10,
                "header promises 10 images of 28x28"));
        BadInputException error = assertThrows(BadInputException.class,
                () -> FixedRecordSource.readRange(parts, 0, 784, new Shards.Range(0, 10), CONF));
        assertTrue(error.getMessage().startsWith(file + ": truncated: header promises 10 images of 28x28"),
                error.getMessage());
        assertEquals(10, source.count());
    }

    @Test
    void missingFileIsNamed() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> ImageSources.open(dir.resolve("nope.gz").toString(), 1, null, 0, CONF));
        assertEquals(dir.resolve("nope.gz") + ": no such file or directory", error.getMessage());
    }
}
