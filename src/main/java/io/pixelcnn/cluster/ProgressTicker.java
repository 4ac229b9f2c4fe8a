package io.pixelcnn.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.spark.util.LongAccumulator;

/**
 * Runs a job's progress report every interval on a daemon thread while the job runs, and once more when
 * it ended, after the driver's listener has caught up with the tasks' counts.
 */
public final class ProgressTicker implements AutoCloseable {

    /** How long the end of a job waits for the last tasks' counts to reach the driver's listener. */
    private static final long SETTLE_MILLIS = 2_000;

    private final Runnable report;
    private final ScheduledExecutorService ticker;

    public ProgressTicker(Runnable report, long intervalMillis) {
        this.report = report;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pixelcnn-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(report, intervalMillis, Math.max(1, intervalMillis), TimeUnit.MILLISECONDS);
    }

    /**
     * The job ended: stops the ticking and reports once more when {@code counted} (each successful task
     * once) has caught up. Spark delivers task ends to listeners asynchronously, after it has added them
     * to the accumulators; {@code accumulator} says how much to wait for (it is higher only when a rerun
     * task counted twice, and then the wait ends after a moment).
     */
    public void finish(LongSupplier counted, LongAccumulator accumulator) throws InterruptedException {
        ticker.shutdownNow();
        long settle = System.nanoTime() + SETTLE_MILLIS * 1_000_000L;
        while (counted.getAsLong() < accumulator.value() && System.nanoTime() < settle) {
            Thread.sleep(20);
        }
        report.run();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
