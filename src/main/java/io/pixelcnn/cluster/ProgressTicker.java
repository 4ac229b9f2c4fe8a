package io.pixelcnn.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job's progress report every interval on a daemon thread while the job runs, and once more when
 * it ended.
 */
public final class ProgressTicker implements AutoCloseable {

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
     * The job ended: stops the ticking and reports once more. Call it after the counts' listener has caught
     * up ({@link SuccessfulTaskTotals#awaitTaskEnds()}).
     */
    public void finish() {
        ticker.shutdownNow();
        report.run();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
