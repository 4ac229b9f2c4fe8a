package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.Corpus;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.SecretFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark.hadoop.*} settings (here as the system properties spark-submit sets from
 * spark-defaults.conf and --conf) reach every Hadoop file system the job opens, on the driver before
 * and after Spark starts and in Spark's tasks: a file system of its own scheme opens only with a
 * secret that nothing but those settings carries, and serves as train data and run directory. On
 * local[2] the tasks run in threads of this JVM; StandaloneClusterIT shows executors in JVMs of their own
 * opening it too.
 */
class HadoopSettingsTest {

    private static final Map<String, String> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("spark.hadoop.fs." + SecretFileSystem.SCHEME + ".impl", SecretFileSystem.class.getName());
        // a new file system for every use, built from the Configuration at hand: nothing cached hides a gap
        SETTINGS.put("spark.hadoop.fs." + SecretFileSystem.SCHEME + ".impl.disable.cache", "true");
        SETTINGS.put("spark.hadoop." + SecretFileSystem.SECRET_KEY, SecretFileSystem.SECRET);
    }

    @TempDir
    Path dir;

    @AfterEach
    void clearSettings() {
        SETTINGS.keySet().forEach(System::clearProperty);
    }

    @Test
    void sparkHadoopSettingsReachTheDriversAndTheExecutorsFileSystems() throws Exception {
        Path images = Corpus.fashionPngs(dir.resolve("images"), FashionMnist.images(FashionMnist.TEST_IMAGES, 48));
        String data = SecretFileSystem.SCHEME + ":" + images;
        String run = SecretFileSystem.SCHEME + ":" + dir.resolve("run");
        SETTINGS.forEach(System::setProperty);
        SecretFileSystem.OPENED_BY.clear();

        Cli.Result training = Cli.run("train", "--run-dir", run, "--train-data", data, "--test-data", data, "--hidden", "4",
                "--blocks", "1", "--epochs", "1", "--batch-size", "8", "--workers", "2", "--report-samples", "4");
        assertEquals(ExitCodes.OK, training.exitCode(), training.err());
        assertTrue(Files.isRegularFile(dir.resolve("run").resolve(RunDirectory.MODEL)));
        assertTrue(Files.isRegularFile(dir.resolve("run").resolve(RunDirectory.REPORT)));
        List<String> threads = List.copyOf(SecretFileSystem.OPENED_BY);
        assertTrue(threads.contains(Thread.currentThread().getName()), "the driver opened secretfs: " + threads);
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("Executor task launch worker")),
                "Spark's tasks opened secretfs: " + threads);

        Cli.Result evaluation = Cli.run("evaluate", "--model", run);
        assertEquals(ExitCodes.OK, evaluation.exitCode(), evaluation.err());
        String grid = SecretFileSystem.SCHEME + ":" + dir.resolve("grid.png");
        Cli.Result sampling = Cli.run("sample", "--model", run, "--n", "2", "--out", grid);
        assertEquals(ExitCodes.OK, sampling.exitCode(), sampling.err());
        assertTrue(Files.isRegularFile(dir.resolve("grid.png")));
    }

    @Test
    void withoutTheSettingTheFileSystemRefusesAndTheRunStopsBeforeAnyWork() throws Exception {
        Path images = Corpus.fashionPngs(dir.resolve("images"), FashionMnist.images(FashionMnist.TEST_IMAGES, 8));
        String data = SecretFileSystem.SCHEME + ":" + images;
        SETTINGS.forEach((key, value) -> {
            if (!key.endsWith(SecretFileSystem.SECRET_KEY)) {
                System.setProperty(key, value);
            }
        });
        Path run = dir.resolve("run");
        Cli.Result training = Cli.run("train", "--run-dir", run.toString(), "--train-data", data, "--test-data", data,
                "--hidden", "4", "--blocks", "1", "--epochs", "1");
        assertEquals(ExitCodes.BAD_INPUT, training.exitCode(), training.err());
        assertTrue(training.err().contains("has no " + SecretFileSystem.SECRET_KEY), training.err());
        assertFalse(Files.exists(run));
    }
}
