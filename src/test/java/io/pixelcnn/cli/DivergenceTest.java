package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training step whose loss is NaN or infinite stops the run at once with a clear message and keeps
 * the last good checkpoint; resuming with a sane learning rate carries on from it.
 */
class DivergenceTest {

    @TempDir
    Path dir;

    @Test
    void nanLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path run = dir.resolve("run");
        Cli.Result first = Cli.run("train", "--run-dir", run.toString(), "--train-limit", "640", "--test-limit", "100",
                "--train-eval-limit", "100", "--hidden", "8", "--blocks", "1", "--epochs", "1", "--workers", "2");
        assertEquals(ExitCodes.OK, first.exitCode(), first.err());
        Path good = run.resolve("checkpoints/epoch-0001.zip");
        byte[] goodBytes = Files.readAllBytes(good);
        byte[] modelBytes = Files.readAllBytes(run.resolve(RunDirectory.MODEL));

        // an absurd step size blows the parameters up to infinity within a few minibatches
        Cli.Result diverged = Cli.run("train", "--resume", run.toString(), "--epochs", "2", "--learning-rate", "1e30");
        assertEquals(ExitCodes.FAILED, diverged.exitCode(), diverged.err());
        String[] lines = diverged.err().strip().split("\n");
        assertEquals(1, lines.length, diverged.err());
        assertTrue(lines[0].startsWith("error: epoch 2: a minibatch's loss became "), lines[0]);
        assertTrue(lines[0].contains("the last good checkpoint is " + good.toUri().getPath().replaceAll("/$", "")), lines[0]);
        assertFalse(Files.exists(run.resolve("checkpoints/epoch-0002.zip")));
        assertArrayEquals(goodBytes, Files.readAllBytes(good), "the good checkpoint changed");
        assertArrayEquals(modelBytes, Files.readAllBytes(run.resolve(RunDirectory.MODEL)), "the model of epoch 1 changed");

        Cli.Result recovered = Cli.run("train", "--resume", run.toString(), "--epochs", "2", "--learning-rate", "0.001");
        assertEquals(ExitCodes.OK, recovered.exitCode(), recovered.err());
        assertTrue(Files.exists(run.resolve("checkpoints/epoch-0002.zip")));
        assertEquals(4, Files.readAllLines(run.resolve(RunDirectory.METRICS)).size()); // header, epochs 0-2
    }
}
