package io.pixelcnn.train;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Stops an epoch the moment a worker's minibatch loss turns NaN or infinite. The worker throws a
 * {@link TrainingDivergedException}, which fails its task; on a cluster Spark would then retry the task
 * ({@code spark.task.maxFailures}, 4 by default), training three more times into the same NaN from the same
 * parameters, and fail the job with the message buried in "Task failed 4 times". This listener sees the
 * first such failure on the driver and cancels the epoch's job group; the trainer then reports the
 * worker's message. (On {@code local[*]} Spark does not retry, and the job fails with it directly.)
 */
final class DivergenceWatch extends SparkListener implements AutoCloseable {

    /** How the exception appears in a task failure's stack trace when Spark could not ship the object. */
    private static final Pattern QUOTED = Pattern.compile(
            Pattern.quote(TrainingDivergedException.class.getName()) + ": ([^\\n]*)");

    private final JavaSparkContext sc;
    private final String jobGroup;
    private final AtomicReference<String> divergence = new AtomicReference<>();

    private DivergenceWatch(JavaSparkContext sc, String jobGroup) {
        this.sc = sc;
        this.jobGroup = jobGroup;
    }

    /** Watches the tasks of {@code jobGroup}'s jobs from now on. */
    static DivergenceWatch start(JavaSparkContext sc, String jobGroup) {
        DivergenceWatch watch = new DivergenceWatch(sc, jobGroup);
        sc.sc().addSparkListener(watch);
        return watch;
    }

    /** The first worker's divergence message, if a task failed with one. */
    Optional<String> divergence() {
        return Optional.ofNullable(divergence.get());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() instanceof ExceptionFailure failure) {
            String message = divergenceIn(failure);
            if (message != null && divergence.compareAndSet(null, message)) {
                sc.cancelJobGroup(jobGroup);
            }
        }
    }

    private static String divergenceIn(ExceptionFailure failure) {
        if (failure.exception().isDefined()) {
            TrainingDivergedException diverged = TrainingDivergedException.findIn(failure.exception().get());
            if (diverged != null) {
                return diverged.getMessage();
            }
        }
        Matcher quoted = QUOTED.matcher(String.valueOf(failure.fullStackTrace()));
        return quoted.find() ? quoted.group(1) : null;
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(this);
    }
}
