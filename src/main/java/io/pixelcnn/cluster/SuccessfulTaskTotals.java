package io.pixelcnn.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.DoubleAdder;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.AccumulatorV2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Totals of named accumulators that count each task once: only the first successful attempt of each
 * partition of each stage is added (by partition, not by the task's index in its task set: a stage's
 * later attempt runs only the partitions it lacks, numbered from 0 again). An accumulator's own value on
 * the driver counts a task every time it succeeds: when an executor is lost, Spark reruns the map tasks
 * whose output died with it, and a rerun (or a speculative copy) that succeeds adds its work again, so a
 * count of work done in a transformation can pass 100%. This listener reads the same per-task updates
 * (from Spark's task-end events on the driver) and keeps the first. Close it to stop listening.
 */
public final class SuccessfulTaskTotals extends SparkListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SuccessfulTaskTotals.class);
    /** Guards only against a listener bus that never drains; a delivery takes milliseconds. */
    private static final long DELIVERY_LIMIT_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private final JavaSparkContext sc;
    private final Map<Long, DoubleAdder> totals = new ConcurrentHashMap<>();
    private final Set<String> counted = ConcurrentHashMap.newKeySet();

    private SuccessfulTaskTotals(JavaSparkContext sc, AccumulatorV2<?, ?>... accumulators) {
        this.sc = sc;
        for (AccumulatorV2<?, ?> accumulator : accumulators) {
            if (accumulator.name().isEmpty()) {
                throw new IllegalArgumentException("Spark reports only named accumulators to listeners");
            }
            totals.put(accumulator.id(), new DoubleAdder());
        }
    }

    /** Starts totalling {@code accumulators} (named ones: Spark reports no others) from now on. */
    public static SuccessfulTaskTotals watch(JavaSparkContext sc, AccumulatorV2<?, ?>... accumulators) {
        SuccessfulTaskTotals totals = new SuccessfulTaskTotals(sc, accumulators);
        sc.sc().addSparkListener(totals);
        return totals;
    }

    /** The total of {@code accumulator} over the tasks counted so far. */
    public double total(AccumulatorV2<?, ?> accumulator) {
        DoubleAdder total = totals.get(accumulator.id());
        if (total == null) {
            throw new IllegalArgumentException("not watched: " + accumulator.name());
        }
        return total.sum();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo() == null || !end.taskInfo().successful()
                || !counted.add(end.stageId() + ":" + end.taskInfo().partitionId())) {
            return;
        }
        for (AccumulableInfo info : JavaConverters.seqAsJavaList(end.taskInfo().accumulables())) {
            DoubleAdder total = totals.get(info.id());
            if (total != null && info.update().isDefined() && info.update().get() instanceof Number update) {
                total.add(update.doubleValue());
            }
        }
    }

    /**
     * Waits until this listener has seen every task end of the jobs that have finished: Spark posts a task's
     * end to its listener bus before the job can finish, and delivers it asynchronously.
     */
    public void awaitTaskEnds() {
        try {
            sc.sc().listenerBus().waitUntilEmpty(DELIVERY_LIMIT_MILLIS);
        } catch (TimeoutException e) {
            log.warn("Spark's listener bus still held events after {} s: the last progress may be short",
                    DELIVERY_LIMIT_MILLIS / 1000);
        }
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(this);
    }
}
