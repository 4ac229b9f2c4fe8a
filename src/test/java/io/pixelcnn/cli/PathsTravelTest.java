package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.JobConfig;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.JavaProcess;
import io.pixelcnn.testing.TestImages;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run trained with relative paths in one folder is used from another: its {@code config.properties} holds
 * its datasets qualified ({@code file:/...}), so {@code evaluate} (of the run's own test set),
 * {@code train --resume}, {@code score} and {@code sample --out-dir} work from a folder where the relative
 * paths mean nothing; and the run directory spelt relative in {@code --resume} and absolute, through a
 * symbolic link, in {@code --run-dir} is the same run.
 */
class PathsTravelTest {

    @TempDir
    Path dir;

    @Test
    void aRunTrainedWithRelativePathsIsEvaluatedResumedScoredAndSampledFromAnotherFolder() throws Exception {
        Path trainedIn = Files.createDirectories(dir.resolve("project")).toRealPath();
        Path data = trainedIn.resolve("data");
        TestImages.idx(data.resolve("train.gz"), FashionMnist.images(FashionMnist.TRAIN_IMAGES, 200), 28, 28, true);
        TestImages.idx(data.resolve("test.gz"), FashionMnist.images(FashionMnist.TEST_IMAGES, 60), 28, 28, true);
        // trained in its own folder with relative paths only
        JavaProcess.Result trained = JavaProcess.runIn(trainedIn, JavaProcess.localSparkDriver(),
                Map.of("OMP_NUM_THREADS", "1"), Main.class, List.of("train", "--run-dir", "runs/x", "--train-data",
                        "data/train.gz", "--test-data", "data/test.gz", "--epochs", "1", "--train-eval-limit", "60",
                        "--hidden", "4", "--blocks", "1", "--workers", "2", "--partitions", "2", "--report-samples", "0"),
                dir.resolve("train.log"), 300);
        assertEquals(ExitCodes.OK, trained.exitCode(), trained.output());
        Path runDir = trainedIn.resolve("runs/x");
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(runDir.resolve(RunDirectory.CONFIG))) {
            saved.load(in);
        }
        assertEquals("file:" + data.resolve("train.gz"), saved.getProperty(JobConfig.TRAIN_DATA));
        assertEquals("file:" + data.resolve("test.gz"), saved.getProperty(JobConfig.TEST_DATA));

        // from this JVM's folder (the project's), where data/test.gz is no such file
        Path here = Path.of("").toAbsolutePath();
        assertTrue(Files.notExists(here.resolve("data/test.gz")));
        String run = here.relativize(runDir).toString();
        Cli.Result evaluated = Cli.run("evaluate", "--model", run);
        assertEquals(ExitCodes.OK, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.out().contains("\"images\": 60"), evaluated.out());

        // the same run spelt two ways: relative, and absolute through a symbolic link to its folder
        Path link = Files.createSymbolicLink(dir.resolve("link"), trainedIn);
        Cli.Result resumed = Cli.run("train", "--resume", run, "--run-dir", link.resolve("runs/x").toString(),
                "--epochs", "2");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertTrue(Files.exists(runDir.resolve("checkpoints/epoch-0002.zip")), "resumed to epoch 2");

        Path scores = dir.resolve("scores");
        Cli.Result scored = Cli.run("score", "--model", run, "--data", here.relativize(data.resolve("test.gz")).toString(),
                "--out", here.relativize(scores).toString(), "--format", "csv");
        assertEquals(ExitCodes.OK, scored.exitCode(), scored.err());
        assertTrue(Files.isRegularFile(scores), "score --format csv writes one file");

        Path samples = dir.resolve("samples");
        Cli.Result sampled = Cli.run("sample", "--model", run, "--n", "3", "--out-dir", here.relativize(samples).toString());
        assertEquals(ExitCodes.OK, sampled.exitCode(), sampled.err());
        try (var files = Files.list(samples)) {
            assertEquals(3, files.count());
        }
    }
}
