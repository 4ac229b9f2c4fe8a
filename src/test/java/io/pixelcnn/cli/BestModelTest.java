package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LogCapture;
import io.pixelcnn.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code best.zip} is the checkpoint of the epoch with the lowest test bits/dim, and early stopping ends a
 * run whose test bits/dim stops improving. The test images are uniform noise: the untrained model's 8 bits/dim
 * is the best any model can do on them, and the more it learns of Fashion-MNIST the less likely they become,
 * so their bits/dim rises from epoch to epoch and a run really stops.
 */
class BestModelTest {

    private static final int PATIENCE = 2;
    private static final int EPOCHS = 6;

    @TempDir
    Path dir;

    @Test
    void aRunWhoseTestBitsPerDimRisesStopsAfterPatienceEpochsWithBestZipTheBestEpoch() throws Exception {
        java.util.Random random = new java.util.Random(7);
        List<byte[]> noise = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] image = new byte[FashionMnist.SIDE * FashionMnist.SIDE];
            random.nextBytes(image);
            noise.add(image);
        }
        Path test = TestImages.idx(dir.resolve("noise.idx.gz"), noise, FashionMnist.SIDE, FashionMnist.SIDE, true);
        Path run = dir.resolve("run");
        Cli.Result result;
        String log;
        try (LogCapture capture = new LogCapture()) {
            result = Cli.run("train", "--run-dir", run.toString(), "--test-data", test.toString(),
                "--train-limit", "800", "--train-eval-limit", "200", "--hidden", "8", "--blocks", "1",
                "--workers", "2", "--partitions", "2", "--averaging-frequency", "3", "--seed", "42", "--learning-rate", "0.003",
                "--report-samples", "0", "--epochs", Integer.toString(EPOCHS),
                "--early-stopping-patience", Integer.toString(PATIENCE));
            log = capture.text();
        }
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());

        List<double[]> rows = Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream().skip(1)
                .map(line -> line.split(",")).map(f -> new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[2])})
                .toList();
        int best = 1;
        for (double[] row : rows) {
            if (row[0] > 0 && row[1] < rows.get(best)[1]) {
                best = (int) row[0];
            }
        }
        int last = (int) rows.get(rows.size() - 1)[0];
        assertTrue(last < EPOCHS, "stopped early: " + rows.size() + " rows");
        assertEquals(best + PATIENCE, last, "stopped once " + PATIENCE + " epochs passed without a lower test bits/dim");
        String said = log.lines().filter(line -> line.contains("early stopping")).findFirst().orElseThrow();
        assertTrue(said.contains("early stopping after epoch " + last + " of " + EPOCHS
                + ": test bits/dim has not improved on epoch " + best + "'s"), said);
        assertTrue(said.endsWith("model.zip is epoch " + last + ", best.zip epoch " + best), said);
        assertFalse(Files.exists(run.resolve("checkpoints/epoch-" + String.format("%04d", last + 1) + ".zip")));

        // best.zip: the best epoch's checkpoint byte for byte; model.zip: the last epoch's parameters
        assertEquals(-1, Files.mismatch(run.resolve(RunDirectory.BEST), checkpoint(run, best)));
        assertTrue(Files.mismatch(run.resolve(RunDirectory.BEST), checkpoint(run, last)) >= 0);
        assertEquals(params(checkpoint(run, last)), params(run.resolve(RunDirectory.MODEL)));

        // resumed with the same patience it stops at once, best.zip as it was
        try (LogCapture capture = new LogCapture()) {
            Cli.Result again = Cli.run("train", "--resume", run.toString());
            assertEquals(ExitCodes.OK, again.exitCode(), again.err());
            assertTrue(capture.text().contains("early stopping after epoch " + last + " of " + EPOCHS), capture.text());
        }
        assertFalse(Files.exists(checkpoint(run, last + 1)), "no epoch trained on resume");
        assertEquals(-1, Files.mismatch(run.resolve(RunDirectory.BEST), checkpoint(run, best)));
    }

    private static Path checkpoint(Path run, int epoch) {
        return run.resolve(RunDirectory.CHECKPOINTS).resolve(String.format("epoch-%04d.zip", epoch));
    }

    private static List<Float> params(Path model) throws Exception {
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(model.toFile(), false);
        List<Float> values = new ArrayList<>();
        for (float value : graph.params().toFloatVector()) {
            values.add(value);
        }
        return values;
    }
}
