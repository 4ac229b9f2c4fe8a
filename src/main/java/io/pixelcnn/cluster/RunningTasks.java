package io.pixelcnn.cluster;

import java.time.Duration;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Waits for the tasks still running on the executors after a failed or cancelled job. A job cancelled
 * without interrupting (training's native steps are left to finish) keeps its tasks running, and they
 * hold read locks on the cached blocks they read: an {@code unpersist} asked meanwhile waits on the
 * executor, and if the driver stops first, Spark's clean-up replies arrive at thread pools already shut
 * down and print stack traces of {@code RejectedExecutionException} on the console of a run that had
 * failed with one clear line.
 */
public final class RunningTasks {

    private static final long POLL_MILLIS = 50;
    /** How long a failed job's killed tasks may take to end: a task stops at its next record. */
    private static final Duration FAILED_JOB_WAIT = Duration.ofSeconds(20);

    private RunningTasks() {
    }

    /** Tasks running on all executors now, as the scheduler knows them. */
    private static int count(JavaSparkContext sc) {
        int running = 0;
        for (SparkExecutorInfo executor : sc.sc().statusTracker().getExecutorInfos()) {
            running += executor.numRunningTasks();
        }
        return running;
    }

    /**
     * Runs a job that writes files; when it fails (cancelled, interrupted, a task failed), returns only once
     * its tasks have ended too, so that a task still running cannot write again into what the caller then
     * deletes (Hadoop's create makes the folders a file needs).
     */
    public static void endingTogether(SparkContext sc, Runnable job) {
        try {
            job.run();
        } catch (Throwable e) { // Spark's SparkException is a checked one, thrown undeclared
            awaitNone(JavaSparkContext.fromSparkContext(sc), FAILED_JOB_WAIT);
            throw e;
        }
    }

    /** Returns once no task runs on any executor, or after {@code limit}: whichever comes first. */
    public static void awaitNone(JavaSparkContext sc, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count(sc) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
