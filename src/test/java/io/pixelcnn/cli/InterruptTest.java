package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunClaim;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.JavaProcess;
import io.pixelcnn.testing.StageStarts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.builder.ModelBuilder;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Real SIGINT and SIGTERM sent to commands running in a JVM of their own on local[2], at a moment a
 * Spark listener in that JVM reports (a stage of the work running): the command ends with one line and
 * 128 + the signal's number, no stack trace, no temporary or partial file. An interrupted {@code train}
 * names its last complete checkpoint and the {@code --resume} command, which then ends with exactly the
 * parameters of a run never interrupted; {@code evaluate} prints no result, {@code score} and
 * {@code sample --out-dir} leave neither their output nor a hidden folder. Every run is in a JVM of its own
 * with the same flags (the test JVM's ND4J, with other flags, differs from them in the seventh digit).
 */
class InterruptTest {

    private static final List<String> TINY = List.of("--train-limit", "600", "--test-limit", "100",
            "--train-eval-limit", "100", "--hidden", "4", "--blocks", "1", "--workers", "2", "--partitions", "2",
            "--report-samples", "0", "--seed", "3");

    @TempDir
    Path dir;

    @Test
    void sigintInEpochTwoKeepsEpochOneAndTheResumedRunEndsAsIfUninterrupted() throws Exception {
        Path whole = dir.resolve("whole");
        Path run = dir.resolve("sigint");
        Path stages = dir.resolve("sigint-stages.txt");
        // side by side: the run nothing interrupts, and the one interrupted in epoch 2
        Process uninterrupted = start(List.of("train", "--run-dir", whole.toString(), "--epochs", "2"),
                dir.resolve("whole-stages.txt"), dir.resolve("whole.log"));
        Process train = start(List.of("train", "--run-dir", run.toString(), "--epochs", "2"), stages, dir.resolve("sigint.log"));
        Path checkpoint = run.resolve("checkpoints/epoch-0001.zip");
        JavaProcess.awaitFile(checkpoint, train, dir.resolve("sigint.log"));
        // the first stage to start after epoch 1's checkpoint is one of epoch 2
        awaitMoreLines(stages, Files.readAllLines(stages).size(), train, dir.resolve("sigint.log"));
        String output = interrupt(train, "INT", ExitCodes.SIGINT, dir.resolve("sigint.log"));

        assertEquals("interrupted (SIGINT): the last complete checkpoint is " + checkpoint
                + "; continue with: pixelcnn train --resume " + run, interruptLine(output));
        assertFalse(Files.exists(run.resolve("checkpoints/epoch-0002.zip")), "interrupted in epoch 2");
        assertFalse(Files.exists(run.resolve(RunDirectory.MODEL)));
        assertNothingHalfWritten(run);
        assertFalse(Files.exists(run.resolve(RunClaim.FILE)), "the claim is released, not kept as a failure");

        Process resumed = start(List.of("train", "--resume", run.toString()), dir.resolve("resume-stages.txt"),
                dir.resolve("resume.log"));
        assertTrue(resumed.waitFor(30, TimeUnit.MINUTES) && uninterrupted.waitFor(30, TimeUnit.MINUTES));
        assertEquals(ExitCodes.OK, resumed.exitValue(), Files.readString(dir.resolve("resume.log")));
        assertEquals(ExitCodes.OK, uninterrupted.exitValue(), Files.readString(dir.resolve("whole.log")));
        INDArray expected = ModelSerializer.restoreComputationGraph(whole.resolve(RunDirectory.MODEL).toFile(), false).params();
        INDArray actual = ModelSerializer.restoreComputationGraph(run.resolve(RunDirectory.MODEL).toFile(), false).params();
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 0.0, "parameters differ");
    }

    @Test
    void sigtermInTheFirstEpochKeepsTheRunToResumeAndReleasesItsClaim() throws Exception {
        Path run = dir.resolve("sigterm");
        Path stages = dir.resolve("sigterm-stages.txt");
        Process train = start(List.of("train", "--run-dir", run.toString(), "--epochs", "2"), stages,
                dir.resolve("sigterm.log"));
        // epoch 0's scores are written before epoch 1 trains
        JavaProcess.awaitFile(run.resolve(RunDirectory.METRICS), train, dir.resolve("sigterm.log"));
        awaitMoreLines(stages, Files.readAllLines(stages).size(), train, dir.resolve("sigterm.log"));
        String output = interrupt(train, "TERM", ExitCodes.SIGTERM, dir.resolve("sigterm.log"));

        assertEquals("interrupted (SIGTERM): no epoch was complete yet; continue with: pixelcnn train --resume " + run,
                interruptLine(output));
        assertFalse(Files.exists(run.resolve("checkpoints/epoch-0001.zip")));
        assertTrue(Files.exists(run.resolve(RunDirectory.CONFIG)), "the run is there to resume");
        assertNothingHalfWritten(run);
        assertFalse(Files.exists(run.resolve(RunClaim.FILE)));
    }

    @Test
    void interruptedEvaluateScoreAndSampleLeaveNoOutput() throws Exception {
        // a new model does as well as a trained one: what is interrupted is the jobs, not the numbers
        Path model = dir.resolve("model.zip");
        ModelSerializer.writeModel(ModelBuilder.build(new ModelConfig(ModelFamily.PIXELCNN, 4, 1, 7, 3),
                new ImageShape(1, 28, 28), 1e-3, 1), model.toFile(), false);
        Path scores = dir.resolve("out/scores");
        Path samples = dir.resolve("out/samples");
        String data = FashionMnist.TEST_IMAGES.toString();
        // the three at once: each waits for its own work to run before its signal
        Process evaluate = start(List.of("evaluate", "--model", model.toString(), "--data", data, "--limit", "3000",
                "--partitions", "2"), dir.resolve("evaluate-stages.txt"), dir.resolve("evaluate.log"));
        Process score = start(List.of("score", "--model", model.toString(), "--data", data, "--limit", "3000",
                "--partitions", "2", "--out", scores.toString()), dir.resolve("score-stages.txt"), dir.resolve("score.log"));
        Process sample = start(List.of("sample", "--model", model.toString(), "--n", "2000", "--sample-batch", "50",
                "--partitions", "8", "--out-dir", samples.toString()), dir.resolve("sample-stages.txt"),
                dir.resolve("sample.log"));

        StageStarts.await(dir.resolve("evaluate-stages.txt"), "BitsPerDim", evaluate, dir.resolve("evaluate.log"));
        String evaluated = interrupt(evaluate, "INT", ExitCodes.SIGINT, dir.resolve("evaluate.log"));
        assertEquals("interrupted (SIGINT) before the command ended", interruptLine(evaluated));
        assertFalse(evaluated.contains("bits_per_dim"), "no result printed: " + evaluated);

        StageStarts.await(dir.resolve("score-stages.txt"), "ScoreTable", score, dir.resolve("score.log"));
        String scored = interrupt(score, "TERM", ExitCodes.SIGTERM, dir.resolve("score.log"));
        assertEquals("interrupted (SIGTERM) before the command ended", interruptLine(scored));

        StageStarts.await(dir.resolve("sample-stages.txt"), "SampleWriter", sample, dir.resolve("sample.log"));
        String sampled = interrupt(sample, "INT", ExitCodes.SIGINT, dir.resolve("sample.log"));
        assertEquals("interrupted (SIGINT) before the command ended", interruptLine(sampled));

        // neither output, nor a hidden folder or temporary file beside them
        try (Stream<Path> left = Files.list(dir.resolve("out"))) {
            List<Path> found = left.toList();
            // seen once in a clean-clone run (2026-12-03): score's hidden folder left behind; say what was in it
            // and what score logged last, so that the next time tells which writer left it
            assertEquals(List.of(), found, () -> leftovers(dir.resolve("out")) + "\nscore's log ends:\n"
                    + lastLines(dir.resolve("score.log"), 40));
        }
    }

    /** Every file under {@code root} with its size and modification time. */
    private static String leftovers(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            StringBuilder listing = new StringBuilder("left in " + root + ":");
            for (Path file : files.toList()) {
                listing.append("\n  ").append(root.relativize(file)).append("  ")
                        .append(Files.isDirectory(file) ? "dir" : Files.size(file) + " bytes").append("  ")
                        .append(Files.getLastModifiedTime(file));
            }
            return listing.toString();
        } catch (java.io.IOException e) {
            return "(could not list " + root + ": " + e.getMessage() + ")";
        }
    }

    private static String lastLines(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (java.io.IOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    private Process start(List<String> command, Path stages, Path log) throws Exception {
        List<String> flags = new ArrayList<>(JavaProcess.localSparkDriver());
        flags.addAll(List.of("-Dspark.extraListeners=" + StageStarts.class.getName(), "-D" + StageStarts.OUT + "=" + stages));
        List<String> args = new ArrayList<>(command);
        if (command.contains("--run-dir")) {
            args.addAll(TINY);
        }
        Files.createDirectories(dir.resolve("out"));
        Files.deleteIfExists(stages);
        Files.createFile(stages);
        return JavaProcess.startSignalable(flags, Map.of("OMP_NUM_THREADS", "1"), Main.class, args, log);
    }

    /** Sends the signal; returns what the process printed once it ended with {@code exitCode}. */
    private static String interrupt(Process process, String signal, int exitCode, Path log) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "ended after SIG" + signal + ":\n" + Files.readString(log));
        String output = Files.readString(log);
        assertEquals(exitCode, process.exitValue(), output);
        assertFalse(output.contains("\tat ") || output.contains("Exception"), "no stack trace: " + output);
        return output;
    }

    /** The one line saying the command was interrupted, the only line that is not the job's log. */
    private static String interruptLine(String output) {
        List<String> said = output.lines().filter(line -> !line.matches("\\d\\d:\\d\\d:\\d\\d (INFO|WARN) .*")
                && !line.matches("[a-z-]+=.*") && !line.startsWith("#")).toList();
        assertEquals(1, said.size(), output);
        return said.get(0);
    }

    private static void assertNothingHalfWritten(Path run) throws Exception {
        try (Stream<Path> files = Files.walk(run)) {
            List<Path> temporary = files.filter(path -> path.getFileName().toString().contains(".tmp-")).toList();
            assertEquals(List.of(), temporary);
        }
    }

    private static void awaitMoreLines(Path file, long lines, Process writer, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (Files.readAllLines(file).size() <= lines) {
            if (!writer.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no stage started after line " + lines + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }
}
