package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image size no worker can train on stops {@code train} with exit code 2 before any data is read: the
 * training data given does not exist, so an error about the size proves the size was weighed first (an
 * error about the data would be exit 3), and no run directory is made.
 */
class ImageSizeLimitTest {

    @TempDir
    Path dir;

    @Test
    void anImageSizeBeyondTheExecutorsMemoryIsOneLine() {
        Cli.Result result = train("20000x20000");
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        String line = result.errorLines();
        assertFalse(line.contains("\n"), "one line: " + result.err());
        assertTrue(line.startsWith("error: --image-size 20000x20000 with --batch-size 32 needs at least "), line);
        assertTrue(line.contains(" in local mode: give a smaller --image-size or --batch-size, or more memory"), line);
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void anImageLargerThanAJavaArrayIsRefusedWhateverTheMemory() {
        Cli.Result result = train("100000x100000");
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertEquals("error: image-size 100000x100000 with 1 channel is 10,000,000,000 sub-pixels per image, more "
                + "than one Java array holds (2,147,483,639)", result.errorLines().split("\n")[0]);
        assertFalse(Files.exists(dir.resolve("run")));
    }

    private Cli.Result train(String size) {
        String missing = dir.resolve("no-such-images").toString();
        return Cli.run("train", "--run-dir", dir.resolve("run").toString(), "--train-data", missing, "--test-data",
                missing, "--image-size", size, "--epochs", "1");
    }
}
