package io.pixelcnn.cluster;

import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Progress of a job that makes a known number of things on the executors: "label done/total things,
 * rate, ETA". The workers add to {@link #counter()}; the driver reads it as successful tasks report it
 * ({@link SuccessfulTaskTotals}: a rerun task counts once), so the count moves as tasks finish and never
 * passes the total. A line is reported when the count changed, at most once per interval, and at the end.
 */
public final class JobProgress implements AutoCloseable {

    private final LongAccumulator counter;
    private final SuccessfulTaskTotals counted;
    private final String label;
    private final String unit;
    private final long total;
    private final ProgressSink out;
    private final long start = System.nanoTime();
    private final ProgressTicker ticker;
    private long reported;

    /** {@code label}, e.g. "sample", names the accumulator too: it must be unique within the application. */
    public JobProgress(JavaSparkContext sc, String label, String unit, long total, long intervalMillis, ProgressSink out) {
        this.counter = sc.sc().longAccumulator(label + " " + unit);
        this.counted = SuccessfulTaskTotals.watch(sc, counter);
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.out = out;
        this.ticker = new ProgressTicker(this::reportIfChanged, intervalMillis);
    }

    /** What the workers add their work to (Spark ships it with the task's closure). */
    public LongAccumulator counter() {
        return counter;
    }

    /** Work done so far, each successful task counted once. */
    public long done() {
        return Math.round(counted.total(counter));
    }

    synchronized void reportIfChanged() {
        long done = done();
        if (done != reported) {
            reported = done;
            out.line(line(done));
        }
    }

    String line(long done) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        long eta = done == 0 ? 0 : Math.round((total - done) / rate);
        return String.format(Locale.ROOT, "%s  %d/%d %s  %.1f %s/s  ETA %s", label, done, total, unit, rate, unit,
                duration(eta));
    }

    /** The job ended: reports the last count once the driver's listener has it (task ends arrive late). */
    public void finish() throws InterruptedException {
        counted.awaitTaskEnds();
        ticker.finish();
    }

    @Override
    public void close() {
        ticker.close();
        counted.close();
        out.done();
    }

    /** 1m05s, 42s. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
