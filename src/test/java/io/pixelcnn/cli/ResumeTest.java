package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A run stopped after epoch 1 and resumed ends with exactly the parameters of an uninterrupted run:
 * same seed, same partitions, two workers on local[2]; metrics rows past the last checkpoint are dropped.
 */
class ResumeTest {

    private static final String[] RUN = {"--train-limit", "800", "--test-limit", "200", "--train-eval-limit", "200",
            "--hidden", "8", "--blocks", "1", "--workers", "2", "--partitions", "2", "--averaging-frequency", "3",
            "--seed", "42"};
    /**
     * A schedule that does not depend on the run's length, for the tests that extend a 1-epoch run to 2: train's
     * default cool-down is placed by --epochs, so a run of 1 cools down where a run of 2 holds the rate.
     */
    private static final String[] LENGTH_FREE = {"--learning-rate-schedule", "constant"};
    /** train's default learning-rate-scaling (linear): each of RUN's 2 workers trains at twice the rate. */
    private static final int RATE_SCALE = 2;

    @TempDir
    Path dir;

    @Test
    void resumedRunEndsWhereAnUninterruptedRunEnds() throws Exception {
        Path whole = dir.resolve("whole");
        Path split = dir.resolve("split");
        assertEquals(ExitCodes.OK, train(whole, concat(new String[]{"--epochs", "2"}, LENGTH_FREE)));
        assertEquals(ExitCodes.OK, train(split, concat(new String[]{"--epochs", "1"}, LENGTH_FREE)));
        // a crash in epoch 2 after its metrics row was written (metrics first, then the checkpoint) and while
        // its checkpoint was being written: the row stays, the checkpoint is only a hidden temporary file
        Path metrics = split.resolve(RunDirectory.METRICS);
        String withRow = Files.readString(metrics) + "2,7.777777,7.777777,7.777777,800,1.000,1.000,800.00\n";
        FileSystem local = FileSystem.getLocal(new Configuration());
        try (var out = local.create(new org.apache.hadoop.fs.Path(metrics.toUri()), true)) {
            out.write(withRow.getBytes(StandardCharsets.UTF_8)); // as the job writes it: a checksum beside it
        }
        Files.writeString(split.resolve("checkpoints/.epoch-0002.zip.tmp-crash"), "half a zip");
        // and steps.csv has the rows of epoch 2's rounds so far
        Path steps = split.resolve(RunDirectory.STEPS);
        String withRound = Files.readString(steps) + "2,1,15,900,7.777777,100.00,0.001\n";
        try (var out = local.create(new org.apache.hadoop.fs.Path(steps.toUri()), true)) {
            out.write(withRound.getBytes(StandardCharsets.UTF_8));
        }

        Cli.Result resumed = Cli.run("train", "--resume", split.toString(), "--epochs", "2");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());

        INDArray expected = params(whole.resolve(RunDirectory.MODEL));
        INDArray actual = params(split.resolve(RunDirectory.MODEL));
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 0.0, "parameters differ");
        List<String> wholeMetrics = testColumn(whole);
        assertEquals(3, wholeMetrics.size()); // epochs 0, 1, 2
        assertEquals(wholeMetrics, testColumn(split), "the row of the epoch whose checkpoint never landed is dropped, "
                + "and the epoch's row written again when it is trained again");
        assertEquals(stepRows(whole), stepRows(split), "steps.csv: no round lost or written twice");
    }

    /**
     * steps.csv: a row per round of parameter averaging. 800 images in batches of 32 on 2 workers are 25
     * minibatches, rounds of 3 steps a worker take 6: 4 rounds an epoch, the 25th minibatch left out.
     */
    @Test
    void stepsFileHasARowPerAveragingRound() throws Exception {
        Path run = dir.resolve("steps");
        assertEquals(ExitCodes.OK, train(run, "--epochs", "2", "--learning-rate-warmup-steps", "12",
                "--learning-rate-schedule", "constant"));
        List<String> lines = Files.readAllLines(run.resolve(RunDirectory.STEPS));
        assertEquals("epoch,round,step,images,loss_bits_per_dim,images_per_second,learning_rate", lines.get(0));
        List<String[]> rows = lines.stream().skip(1).map(line -> line.split(",")).toList();
        assertEquals(List.of("1,1,3", "1,2,6", "1,3,9", "1,4,12", "2,1,15", "2,2,18", "2,3,21", "2,4,24"),
                rows.stream().map(f -> f[0] + "," + f[1] + "," + f[2]).toList());
        long images = 0;
        for (String[] row : rows) {
            long now = Long.parseLong(row[3]);
            assertTrue(now > images && now - images <= 2 * 3 * 32, "images so far grow by a round's at most: " + row[3]);
            images = now;
            double loss = Double.parseDouble(row[4]);
            assertTrue(loss > 0 && loss < 8.5, "a training loss in bits/dim: " + loss);
            assertTrue(Double.parseDouble(row[5]) > 0, "images/s");
            // warm-up over the first 12 steps: the round ending at step s ran its last step at rate (s / 12) x 0.002 x 2
            double step = Double.parseDouble(row[2]);
            assertEquals(RATE_SCALE * 0.002 * Math.min(1, step / 12), Double.parseDouble(row[6]), 1e-15);
        }
        assertTrue(images > 2 * 24 * 32 - 2 * 32 && images <= 2 * 24 * 32, "24 minibatches an epoch fitted: " + images);
        assertTrue(Double.parseDouble(rows.get(7)[4]) < Double.parseDouble(rows.get(0)[4]), "the loss falls");
    }

    /** The outer optimizer's velocity is in every checkpoint: 1 epoch + --resume = 2 epochs, exactly. */
    @Test
    void resumeContinuesTheOuterOptimizerExactly() throws Exception {
        Path whole = dir.resolve("outer-whole");
        Path split = dir.resolve("outer-split");
        String[] outer = concat(new String[]{"--outer-learning-rate", "0.8", "--outer-momentum", "auto"}, LENGTH_FREE);
        assertEquals(ExitCodes.OK, train(whole, concat(new String[]{"--epochs", "2"}, outer)));
        assertEquals(ExitCodes.OK, train(split, concat(new String[]{"--epochs", "1"}, outer)));
        assertTrue(Files.size(split.resolve("checkpoints/epoch-0001.zip")) > 0);
        try (var zip = new java.util.zip.ZipFile(split.resolve("checkpoints/epoch-0001.zip").toFile())) {
            assertTrue(zip.getEntry("pixelcnn-outer-velocity.bin") != null, "the checkpoint holds the velocity");
        }

        Cli.Result resumed = Cli.run("train", "--resume", split.toString(), "--epochs", "2");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        INDArray expected = params(whole.resolve(RunDirectory.MODEL));
        assertEquals(0.0, expected.sub(params(split.resolve(RunDirectory.MODEL))).amaxNumber().doubleValue(), 0.0);
        assertEquals(testColumn(whole), testColumn(split));
    }

    /**
     * A schedule is a function of the update count the checkpoint holds. Step decay (with warm-up) does not
     * depend on the run's length: 1 epoch + --resume 1 = 2 epochs, in parameters and in the rate of every
     * epoch's last step.
     */
    @Test
    void resumeContinuesTheLearningRateScheduleExactly() throws Exception {
        Path whole = dir.resolve("schedule-whole");
        Path split = dir.resolve("schedule-split");
        String[] schedule = {"--learning-rate-schedule", "step", "--learning-rate-warmup-steps", "5",
                "--learning-rate-decay-factor", "0.5", "--learning-rate", "0.003"};
        assertEquals(ExitCodes.OK, train(whole, concat(new String[]{"--epochs", "2"}, schedule)));
        assertEquals(ExitCodes.OK, train(split, concat(new String[]{"--epochs", "1"}, schedule)));
        Cli.Result resumed = Cli.run("train", "--resume", split.toString(), "--epochs", "2");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());

        INDArray expected = params(whole.resolve(RunDirectory.MODEL));
        assertEquals(0.0, expected.sub(params(split.resolve(RunDirectory.MODEL))).amaxNumber().doubleValue(), 0.0);
        assertEquals(testColumn(whole), testColumn(split));
        // the rate of each epoch's last step: epoch 2's first step is the first decay
        assertEquals(List.of("NaN", "0.006", "0.003"), rateColumn(whole), "0.003 x 2 workers, halved after epoch 1");
        assertEquals(rateColumn(whole), rateColumn(split));
    }

    /**
     * A cosine schedule spans the configured epochs: a run of 2 that lost its epoch 2 (a crash before the
     * checkpoint landed) and is resumed ends exactly where it had.
     */
    @Test
    void resumeContinuesACosineScheduleExactly() throws Exception {
        Path run = dir.resolve("cosine");
        assertEquals(ExitCodes.OK, train(run, "--epochs", "2", "--learning-rate-schedule", "cosine",
                "--learning-rate-warmup-steps", "5", "--learning-rate-min", "0.0001", "--learning-rate", "0.003"));
        INDArray expected = params(run.resolve(RunDirectory.MODEL));
        List<String> rates = rateColumn(run);
        // 800 images, batch 32, 2 workers, 3 steps a round: 25 minibatches, 4 rounds, 12 steps an epoch of 24;
        // the peak is 0.003 x 2 workers, the floor learning-rate-min as given
        double endOfEpoch1 = 0.0001 + (RATE_SCALE * 0.003 - 0.0001) * 0.5 * (1 + Math.cos(Math.PI * ((11 - 5) / (23.0 - 5))));
        assertEquals(List.of("NaN", Double.toString(endOfEpoch1), "1.0E-4"), rates, "the last step takes the floor");
        Files.delete(run.resolve("checkpoints/epoch-0002.zip"));
        Files.delete(run.resolve(RunDirectory.MODEL));

        Cli.Result resumed = Cli.run("train", "--resume", run.toString());
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertEquals(0.0, expected.sub(params(run.resolve(RunDirectory.MODEL))).amaxNumber().doubleValue(), 0.0);
        assertEquals(rates, rateColumn(run));
    }

    @Test
    void resumeIsExactOnACorpusStoredClassByClass() throws Exception {
        Path corpus = Corpus.classFolders(dir.resolve("sorted"), 10, 24);
        String[] sorted = {"--train-data", corpus.toString(), "--test-data", corpus.toString(), "--hidden", "4",
                "--blocks", "1", "--workers", "2", "--partitions", "2", "--batch-size", "8", "--averaging-frequency", "2",
                "--train-eval-limit", "40", "--report-samples", "0", "--seed", "5"};
        Path whole = dir.resolve("sorted-whole");
        Path split = dir.resolve("sorted-split");
        assertEquals(ExitCodes.OK, Cli.run(concat(new String[]{"train", "--run-dir", whole.toString(), "--epochs", "2"},
                sorted)).exitCode());
        assertEquals(ExitCodes.OK, Cli.run(concat(new String[]{"train", "--run-dir", split.toString(), "--epochs", "1"},
                sorted)).exitCode());
        Cli.Result resumed = Cli.run("train", "--resume", split.toString(), "--epochs", "2");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        INDArray expected = params(whole.resolve(RunDirectory.MODEL));
        assertEquals(0.0, expected.sub(params(split.resolve(RunDirectory.MODEL))).amaxNumber().doubleValue(), 0.0);
        assertEquals(testColumn(whole), testColumn(split));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void resumeKeepsTheSavedConfiguration() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(ExitCodes.OK, train(run, "--epochs", "1"));
        Cli.Result changed = Cli.run("train", "--resume", run.toString(), "--hidden", "32");
        assertEquals(ExitCodes.USAGE, changed.exitCode());
        assertTrue(changed.err().startsWith("error: --hidden cannot change on --resume"), changed.err());
        Cli.Result again = Cli.run("train", "--run-dir", run.toString(), "--epochs", "1");
        assertEquals(ExitCodes.USAGE, again.exitCode());
        assertTrue(again.err().contains("already holds a run"), again.err());
    }

    private int train(Path run, String... more) {
        String[] args = new String[RUN.length + 3 + more.length];
        args[0] = "train";
        args[1] = "--run-dir";
        args[2] = run.toString();
        System.arraycopy(RUN, 0, args, 3, RUN.length);
        System.arraycopy(more, 0, args, 3 + RUN.length, more.length);
        Cli.Result result = Cli.run(args);
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        return result.exitCode();
    }

    private static INDArray params(Path model) throws Exception {
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(model.toFile(), false);
        return graph.params();
    }

    /** Every steps.csv row but its images/s (timings differ between runs). */
    private static List<String> stepRows(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.STEPS)).stream().skip(1)
                .map(line -> line.replaceFirst(",[^,]+(,[^,]+)$", "$1")).toList();
    }

    /** The learning_rate column of every metrics row. */
    private static List<String> rateColumn(Path run) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve(RunDirectory.METRICS));
        int column = List.of(lines.get(0).split(",")).indexOf("learning_rate");
        return lines.stream().skip(1).map(line -> line.split(",")[column]).toList();
    }

    /** epoch and test bits/dim of every metrics row (timings differ between runs). */
    private static List<String> testColumn(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream().skip(1)
                .map(line -> line.split(",")).map(f -> f[0] + "," + f[1] + "," + f[2]).toList();
    }
}
