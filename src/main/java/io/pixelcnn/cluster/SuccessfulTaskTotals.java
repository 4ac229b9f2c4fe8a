package io.pixelcnn.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.AccumulatorV2;
import scala.collection.JavaConverters;

/**
 * Totals of named accumulators that count each task once: only the first successful attempt of each
 * partition of each stage is added. An accumulator's own value on the driver counts a task every time it
 * succeeds: when an executor is lost, Spark reruns the map tasks whose output died with it, and a rerun
 * (or a speculative copy) that succeeds adds its work again, so a count of work done in a
 * transformation can pass 100%. This listener reads the same per-task updates (from Spark's task-end
 * events on the driver) and keeps the first. Close it to stop listening.
 */
public final class SuccessfulTaskTotals extends SparkListener implements AutoCloseable {

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
                || !counted.add(end.stageId() + ":" + end.taskInfo().index())) {
            return;
        }
        for (AccumulableInfo info : JavaConverters.seqAsJavaList(end.taskInfo().accumulables())) {
            DoubleAdder total = totals.get(info.id());
            if (total != null && info.update().isDefined() && info.update().get() instanceof Number update) {
                total.add(update.doubleValue());
            }
        }
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(this);
    }
}
