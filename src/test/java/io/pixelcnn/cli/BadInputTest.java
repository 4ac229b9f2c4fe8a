package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unusable input ends `train` with exit code 3 and one line naming the file and the problem, and leaves
 * no run directory (so no partial model) behind. Executors find most of these, on real Spark.
 */
class BadInputTest {

    @TempDir
    Path dir;

    @Test
    void missingPath() {
        Path missing = dir.resolve("no-such-dir");
        assertRejected(missing.toString(), missing + ": no such file or directory");
    }

    @Test
    void emptyFolder() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertRejected(empty.toString(), empty + ": no images");
    }

    @Test
    void nonImageFileInAFolder() throws Exception {
        Path folder = dir.resolve("images");
        for (int i = 0; i < 6; i++) {
            TestImages.grayPng(folder.resolve("img-" + i + ".png"), 28, 28, i);
        }
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        assertRejected(folder.toString(), folder.resolve("notes.txt") + ": not an image file (PNG, JPEG, GIF, BMP or TIFF)");
    }

    @Test
    void idxWithTheWrongMagicNumber() {
        assertRejected(FashionMnist.TRAIN_LABELS.toString(),
                FashionMnist.TRAIN_LABELS + ": IDX magic 0x00000801 is a label file, expected images (0x00000803)");
    }

    @Test
    void truncatedIdxSaysHowManyWholeImagesItHolds() throws Exception {
        Path file = TestImages.idx(dir.resolve("cut-idx3-ubyte.gz"), FashionMnist.images(FashionMnist.TEST_IMAGES, 40),
                28, 28, true);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        int whole = TestImages.wholeIdxImagesIn(file, 784);
        assertRejected(file.toString(), file + ": truncated: header promises 40 images of 28x28, data ends after " + whole);
    }

    @Test
    void imagesOfMixedSizes() throws Exception {
        Path folder = dir.resolve("mixed");
        for (int i = 0; i < 5; i++) {
            TestImages.grayPng(folder.resolve("a-" + i + ".png"), 28, 28, i);
        }
        TestImages.grayPng(folder.resolve("b-big.png"), 32, 32, 9);
        assertRejected(folder.toString(), folder.resolve("b-big.png") + ": 32x32 image, expected 28x28 like a-0.png"
                + " (give --image-size HxW to fit images of every size)");
    }

    /** Runs train on {@code data}; asserts exit 3, one error line (equal to {@code expected} if given), no run dir. */
    private String assertRejected(String data, String expected) {
        Path run = dir.resolve("run");
        Cli.Result result = Cli.run("train", "--run-dir", run.toString(), "--train-data", data,
                "--test-data", FashionMnist.TEST_IMAGES.toString(), "--test-limit", "64", "--epochs", "1");
        assertEquals(ExitCodes.BAD_INPUT, result.exitCode(), result.err());
        String[] lines = result.err().strip().split("\n");
        assertEquals(1, lines.length, "expected one line, got:\n" + result.err());
        if (expected != null) {
            assertEquals("error: " + expected, lines[0]);
        }
        assertFalse(Files.exists(run), "a failed run must leave nothing behind");
        return lines[0];
    }
}
