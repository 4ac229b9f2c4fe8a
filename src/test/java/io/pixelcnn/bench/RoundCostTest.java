package io.pixelcnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --round-cost}'s measurement on real Spark (local[2]) and a real tiny model, and the
 * projection's arithmetic on inputs whose answer is worked out by hand.
 */
class RoundCostTest {

    private static final RoundModel TINY = new RoundModel(8, 1);
    private static final int ROUNDS = 2;
    private static final int WARMUP = 1;

    @Test
    void timesEveryRoundOfEachWorkersAndModelAndCountsTheBytesTheModelHas(@TempDir Path logs) throws Exception {
        RoundCostSettings settings = new RoundCostSettings(List.of(1, 2), List.of(TINY), ROUNDS, WARMUP, 2, 1e-3, 1,
                FashionMnist.TRAIN_IMAGES.toString(), logs.toString());
        ProjectionAssumptions assumptions = new ProjectionAssumptions(List.of(8, 32, 128), 120, 91_200, 32, 10,
                96_000, 2, 1.25, "3.10", 10);
        StringWriter printed = new StringWriter();
        JavaSparkContext sc = LocalSpark.start("round-cost-test");
        List<RoundCostRow> rows;
        try {
            rows = new RoundCost(settings).run(sc, assumptions, new PrintWriter(printed));
        } finally {
            sc.stop();
        }

        // what the model holds, counted from a model built here: Adam keeps two moment estimates per parameter
        ComputationGraph model = ModelBuilder.build(TINY.config(), new ImageShape(1, 28, 28), 1e-3, 1);
        long parameters = model.params().length();
        long floatBytes = 4 * (parameters + 2 * parameters);
        assertEquals(List.of(1, 2), rows.stream().map(RoundCostRow::workers).toList(), "a row per workers");
        for (RoundCostRow row : rows) {
            assertEquals(TINY, row.model());
            assertEquals(2L * row.workers() * floatBytes, row.bytesPerRound(), "out to and back from every worker");
            assertEquals(WARMUP + ROUNDS, row.roundsRun(), "the driver averaged once per round");
            assertEquals(ROUNDS, row.rounds().size(), "the warm-up is not timed");
            assertTrue(row.parameterChange() > 0, "the rounds trained the driver's model");
            int tasks = row.rounds().stream().mapToInt(RoundParts::tasks).sum();
            assertTrue(tasks >= ROUNDS, "training tasks in the timed rounds: " + tasks);
            for (RoundParts round : row.rounds()) {
                assertTrue(round.seconds() > 0, "a round takes time: " + round);
                assertTrue(round.fit() < round.seconds(), "the fit is part of the round: " + round);
                // a task's parts add up to its time (launch to finish), which is at most the slowest task's
                double task = round.deserialize() + round.setup() + round.fit() + round.result();
                assertTrue(round.fit() > 0 && task <= round.slowestTask() + 0.005, "a task's parts: " + round);
            }
            // each training task sends back the sums of parameters and updater state: at least their bytes
            assertTrue(row.max(RoundParts::resultBytes) >= floatBytes,
                    "a task's result of " + row.max(RoundParts::resultBytes) + " bytes holds " + floatBytes);
        }
        List<String> csv = Files.readAllLines(logs.resolve("round-cost.csv"));
        assertEquals(1 + 2 * ROUNDS, csv.size(), "a line per timed round");
        String md = Files.readString(logs.resolve("round-cost.md"));
        assertTrue(md.contains("| 8x1 | " + String.format("%,d", parameters) + " | 2 |"), md);
        assertTrue(md.contains("Round-cost projection") && md.contains("| 128 |"), md);
        assertTrue(printed.toString().contains("Assumptions:"), "the assumptions are printed with the result");
    }

    @Test
    void fitsTheFixedCostLinearlyOrLogarithmicallyWhicheverFits() {
        int[] workers = {1, 2, 4, 8};
        double[] linear = {0.6, 0.7, 0.9, 1.3}; // 0.5 + 0.1 N
        ClusterProjection.Fit fit = ClusterProjection.better(workers, linear);
        assertEquals(false, fit.logarithmic());
        assertEquals(0.5, fit.a(), 1e-9);
        assertEquals(0.1, fit.b(), 1e-9);
        double[] tree = {0.3, 0.5, 0.7, 0.9}; // 0.3 + 0.2 log2 N
        ClusterProjection.Fit log = ClusterProjection.better(workers, tree);
        assertEquals(true, log.logarithmic());
        assertEquals(0.3, log.a(), 1e-9);
        assertEquals(0.2, log.b(), 1e-9);
        assertEquals(0.3 + 0.2 * 7, log.at(128), 1e-9);
        ClusterProjection.Fit one = ClusterProjection.fit(new int[] {2, 2}, new double[] {1, 3}, false);
        assertEquals(0, one.b(), 0, "one number of workers shows no slope");
        assertEquals(2, one.a(), 1e-12);
    }

    @Test
    void projectsTheTimeToTargetFromRoundsComputeFixedCostAndNetwork() {
        // 100 images/s at 1,000 parameters, so 50 at 2,000; batch 10, 5 minibatches a round; 1,000 images at 2
        // replicas, twice as many per doubling; a 1 Gbit/s link
        ProjectionAssumptions assume = new ProjectionAssumptions(List.of(8), 100, 1000, 10, 5, 1000, 2, 2.0, "3.0", 1);
        ClusterProjection.Fit fixed = new ClusterProjection.Fit(1, 0.5, false, 0);
        ClusterProjection.Projection p = new ClusterProjection(assume).project(8, 2000, 1_000_000, fixed);
        assertEquals(1000 * 4, assume.imagesToTarget(8), 1e-9, "two doublings from 2 to 8");
        assertEquals(1000, assume.imagesToTarget(1), 1e-9, "no fewer images below the measured replicas");
        assertEquals(10, p.rounds(), 0, "4,000 images / (8 x 10 x 5)");
        assertEquals(1.0, p.computeSeconds(), 1e-12, "50 images at 50 images/s");
        assertEquals(5.0, p.fixedSeconds(), 1e-12, "1 + 0.5 x 8");
        assertEquals(0.128, p.networkSeconds(), 1e-12, "2 x 8 x 1 MB x 8 bits / 1 Gbit/s");
        assertEquals(10 * (1 + 5 + 0.128) / 3600, p.hours(), 1e-12);
    }
}
