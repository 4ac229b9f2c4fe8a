package io.pixelcnn.train;

import io.pixelcnn.eval.BitsPerDim;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Progress of one epoch on the driver: step/total, images/s, the train bits/dim of the minibatches fitted
 * since the last report, and an ETA. The numbers come from {@link ProgressHook}'s accumulators, so they
 * move once per round of parameter averaging. A line is reported when something changed, at most once
 * per {@code interval}.
 */
final class EpochProgress implements AutoCloseable {

    private final LongAccumulator steps;
    private final LongAccumulator images;
    private final DoubleAccumulator lossSum;
    private final String epochLabel;
    private final long totalSteps;
    private final int dims;
    private final Sink out;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private long reportedSteps;
    private double reportedLoss;

    /**
     * @param totalSteps minibatches in the epoch across all workers
     * @param out        where lines go: an updating console line or the log
     */
    EpochProgress(JavaSparkContext sc, int epoch, int epochs, long totalSteps, int dims, long intervalMillis, Sink out) {
        this.steps = sc.sc().longAccumulator("epoch " + epoch + " steps");
        this.images = sc.sc().longAccumulator("epoch " + epoch + " images");
        this.lossSum = sc.sc().doubleAccumulator("epoch " + epoch + " loss");
        this.epochLabel = "epoch " + epoch + "/" + epochs;
        this.totalSteps = totalSteps;
        this.dims = dims;
        this.out = out;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pixelcnn-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::reportIfChanged, intervalMillis, Math.max(1, intervalMillis), TimeUnit.MILLISECONDS);
    }

    /** The worker-side counter feeding this progress. */
    ProgressHook hook() {
        return new ProgressHook(steps, images, lossSum);
    }

    synchronized void reportIfChanged() {
        long done = steps.value();
        if (done == reportedSteps) {
            return;
        }
        double loss = lossSum.value();
        double recentBits = BitsPerDim.of((loss - reportedLoss) / (done - reportedSteps), 1, dims);
        reportedSteps = done;
        reportedLoss = loss;
        out.line(line(done, recentBits));
    }

    String line(long done, double recentBits) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = images.value() / Math.max(seconds, 1e-9);
        double secondsPerStep = seconds / done;
        long eta = Math.round(Math.max(0, totalSteps - done) * secondsPerStep);
        return String.format(Locale.ROOT, "%s  step %d/%d  %.0f images/s  train %.4f bits/dim  ETA %s", epochLabel,
                done, totalSteps, rate, recentBits, TrainingRun.duration(eta));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        out.done();
    }

    /** Where progress lines go. */
    interface Sink {
        void line(String text);

        /** The epoch ended. */
        default void done() {
        }

        /** One line on a terminal, rewritten in place and cleared at the end. */
        static Sink console(java.io.PrintStream terminal) {
            return new Sink() {
                private int width;

                @Override
                public void line(String text) {
                    terminal.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
                    terminal.flush();
                    width = text.length();
                }

                @Override
                public void done() {
                    terminal.print("\r" + " ".repeat(width) + "\r");
                    terminal.flush();
                }
            };
        }
    }
}
