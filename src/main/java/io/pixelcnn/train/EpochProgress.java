package io.pixelcnn.train;

import io.pixelcnn.cluster.JobProgress;
import io.pixelcnn.cluster.ProgressSink;
import io.pixelcnn.cluster.ProgressTicker;
import io.pixelcnn.cluster.SuccessfulTaskTotals;
import io.pixelcnn.eval.BitsPerDim;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Progress of one epoch on the driver: step/total, images/s, the train bits/dim of the minibatches fitted
 * since the last report, and an ETA. The numbers come from {@link ProgressHook}'s accumulators as the
 * successful tasks report them ({@link SuccessfulTaskTotals}: a task Spark reruns after losing an executor
 * counts once), so they move once per round of parameter averaging. A line is reported when something
 * changed, at most once per {@code interval}, and once more at the end.
 */
final class EpochProgress implements AutoCloseable {

    private final LongAccumulator steps;
    private final LongAccumulator images;
    private final DoubleAccumulator lossSum;
    private final SuccessfulTaskTotals counted;
    private final String epochLabel;
    private final long totalSteps;
    private final int dims;
    private final DoubleSupplier rate;
    private final ProgressSink out;
    private final long start = System.nanoTime();
    private final ProgressTicker ticker;
    private long reportedSteps;
    private double reportedLoss;

    /**
     * @param totalSteps minibatches the epoch's images make across all workers (DL4J fits at most
     *                   averaging-frequency of them per worker and round, so an epoch may end a few short)
     * @param rate       the learning rate the workers' steps use now
     * @param out        where lines go: an updating console line or the log
     */
    EpochProgress(JavaSparkContext sc, int epoch, int epochs, long totalSteps, int dims, DoubleSupplier rate,
                  long intervalMillis, ProgressSink out) {
        this.steps = sc.sc().longAccumulator("epoch " + epoch + " steps");
        this.images = sc.sc().longAccumulator("epoch " + epoch + " images");
        this.lossSum = sc.sc().doubleAccumulator("epoch " + epoch + " loss");
        this.counted = SuccessfulTaskTotals.watch(sc, steps, images, lossSum);
        this.epochLabel = "epoch " + epoch + "/" + epochs;
        this.totalSteps = totalSteps;
        this.dims = dims;
        this.rate = rate;
        this.out = out;
        this.ticker = new ProgressTicker(this::reportIfChanged, intervalMillis);
    }

    /** The worker-side counter feeding this progress. */
    ProgressHook hook() {
        return new ProgressHook(steps, images, lossSum);
    }

    /** Minibatches, images and their summed loss (nats/image) so far: every finished task's, each counted once. */
    Totals totals() {
        counted.awaitTaskEnds();
        return new Totals(steps(), Math.round(counted.total(images)), counted.total(lossSum));
    }

    /** What {@link #totals()} counts. */
    record Totals(long steps, long images, double lossSum) {
    }

    /** Minibatches fitted so far, each counted once. */
    long steps() {
        return Math.round(counted.total(steps));
    }

    synchronized void reportIfChanged() {
        long done = steps();
        if (done == reportedSteps) {
            return;
        }
        double loss = counted.total(lossSum);
        double recentBits = BitsPerDim.of((loss - reportedLoss) / (done - reportedSteps), 1, dims);
        reportedSteps = done;
        reportedLoss = loss;
        out.line(line(done, recentBits));
    }

    String line(long done, double recentBits) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double imagesPerSecond = counted.total(images) / Math.max(seconds, 1e-9);
        double secondsPerStep = seconds / done;
        long eta = Math.round(Math.max(0, totalSteps - done) * secondsPerStep);
        return String.format(Locale.ROOT, "%s  step %d/%d  %.0f images/s  train %.4f bits/dim  lr %s  ETA %s",
                epochLabel, done, totalSteps, imagesPerSecond, recentBits, TrainingRun.rate(rate.getAsDouble()),
                JobProgress.duration(eta));
    }

    /** The epoch's training is done: reports its last count once the driver's listener has it. */
    void finish() throws InterruptedException {
        counted.awaitTaskEnds();
        ticker.finish();
    }

    @Override
    public void close() {
        ticker.close();
        counted.close();
        out.done();
    }
}
