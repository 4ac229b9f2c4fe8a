package io.pixelcnn.bench;

import io.pixelcnn.train.RoundListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import scala.collection.JavaConverters;

/**
 * Times the averaging rounds of one epoch: the driver's end of each round (from {@link RoundListener}) and
 * every training task's times and metrics (a {@link SparkListener}; training tasks are those in which
 * {@link FitTimer} timed a fit). Task launch and finish times are the driver's clock, like the rounds'.
 */
final class RoundTimes extends SparkListener implements RoundListener, AutoCloseable {

    private static final long DELIVERY_LIMIT_MILLIS = 60_000;

    private record TrainingTask(long launch, long finish, long deserializeMs, long runMs, long resultBytes, long fitNanos) {
    }

    private final JavaSparkContext sc;
    private final LongAccumulator fitNanos;
    private final long start = System.currentTimeMillis();
    private final List<Long> roundEnds = new ArrayList<>();
    private final List<TrainingTask> tasks = new ArrayList<>();

    private RoundTimes(JavaSparkContext sc) {
        this.sc = sc;
        this.fitNanos = sc.sc().longAccumulator("round-cost: fit nanoseconds");
    }

    /** Starts listening now: the epoch to time starts after this. */
    static RoundTimes start(JavaSparkContext sc) {
        RoundTimes times = new RoundTimes(sc);
        sc.sc().addSparkListener(times);
        return times;
    }

    /** The hook the epoch's workers run, to time their fits. */
    FitTimer fitTimer() {
        return new FitTimer(fitNanos);
    }

    @Override
    public synchronized void roundDone(int round, int rounds, ComputationGraph model) {
        roundEnds.add(System.currentTimeMillis());
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo() == null || !end.taskInfo().successful() || end.taskMetrics() == null) {
            return;
        }
        for (AccumulableInfo info : JavaConverters.seqAsJavaList(end.taskInfo().accumulables())) {
            if (info.id() == fitNanos.id() && info.update().isDefined() && info.update().get() instanceof Number n
                    && n.longValue() > 0) {
                tasks.add(new TrainingTask(end.taskInfo().launchTime(), end.taskInfo().finishTime(),
                        end.taskMetrics().executorDeserializeTime(), end.taskMetrics().executorRunTime(),
                        end.taskMetrics().resultSize(), n.longValue()));
            }
        }
    }

    /** Rounds the driver finished so far. */
    synchronized int rounds() {
        return roundEnds.size();
    }

    /** Every round after the first {@code skip}, split into its parts; waits for the listener's last events. */
    List<RoundParts> parts(int skip) {
        try {
            sc.sc().listenerBus().waitUntilEmpty(DELIVERY_LIMIT_MILLIS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus still held events after "
                    + DELIVERY_LIMIT_MILLIS / 1000 + " s", e);
        }
        synchronized (this) {
            List<RoundParts> parts = new ArrayList<>();
            for (int r = skip; r < roundEnds.size(); r++) {
                long from = r == 0 ? start : roundEnds.get(r - 1);
                long to = roundEnds.get(r);
                List<TrainingTask> in = tasks.stream().filter(t -> t.launch() >= from && t.launch() < to).toList();
                parts.add(split(from, to, in));
            }
            return parts;
        }
    }

    private static RoundParts split(long from, long to, List<TrainingTask> in) {
        double seconds = (to - from) / 1e3;
        if (in.isEmpty()) { // no worker had data this round: all of it is the driver's
            return new RoundParts(seconds, seconds, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        long firstLaunch = in.stream().mapToLong(TrainingTask::launch).min().orElseThrow();
        long lastFinish = in.stream().mapToLong(TrainingTask::finish).max().orElseThrow();
        double slowest = in.stream().mapToLong(t -> t.finish() - t.launch()).max().orElseThrow() / 1e3;
        double fit = in.stream().mapToDouble(t -> t.fitNanos() / 1e9).average().orElseThrow();
        double setup = in.stream().mapToDouble(t -> Math.max(0, t.runMs() / 1e3 - t.fitNanos() / 1e9)).average().orElseThrow();
        double result = in.stream().mapToDouble(t -> Math.max(0, t.finish() - t.launch() - t.deserializeMs() - t.runMs()) / 1e3)
                .average().orElseThrow();
        return new RoundParts(seconds, (firstLaunch - from) / 1e3, slowest,
                in.stream().mapToDouble(t -> t.deserializeMs() / 1e3).average().orElseThrow(), setup, fit, result,
                (to - lastFinish) / 1e3, in.stream().mapToDouble(TrainingTask::resultBytes).average().orElseThrow(),
                in.size());
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(this);
    }
}
