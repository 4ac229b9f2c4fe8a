package io.pixelcnn.cluster;

import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a cluster's executors before a job decides anything from the cluster's size. On standalone,
 * YARN and Kubernetes executors register after the Spark context has started, and Spark's default
 * parallelism (what {@code workers=0} and {@code partitions=0} stand for) counts only those registered so
 * far: read too early, a run trains fewer replicas than the cluster has. Spark itself can hold the
 * context back until its executors are in ({@link #MIN_RATIO}, {@link #MAX_WAIT}, both set by
 * {@link SparkJobs} unless given); this class covers what Spark cannot know (a standalone master asked
 * for no particular number of cores) and turns "none came" into one clear line instead of a job that
 * waits forever for resources.
 */
final class ExecutorWait {

    static final String MIN_RATIO = "spark.scheduler.minRegisteredResourcesRatio";
    static final String MAX_WAIT = "spark.scheduler.maxRegisteredResourcesWaitingTime";
    static final String DEFAULT_MAX_WAIT = "120s";
    private static final long POLL_MILLIS = 200;
    private static final Logger log = LoggerFactory.getLogger(ExecutorWait.class);

    private ExecutorWait() {
    }

    /**
     * Returns once the executors the job asked for have registered, or at least one has when the number
     * is not known, or, after {@link #MAX_WAIT} counted from {@code startedNanos}, with a warning when
     * some are missing. No executor by then: {@link NoExecutorsException}. Local masters return at once.
     */
    static void await(JavaSparkContext sc, long startedNanos) {
        if (sc.isLocal()) {
            return;
        }
        SparkConf conf = sc.getConf();
        int expected = expectedExecutors(conf);
        long limitMillis = conf.getTimeAsMs(MAX_WAIT, DEFAULT_MAX_WAIT);
        long deadline = startedNanos + limitMillis * 1_000_000L;
        int registered = registered(sc);
        while (registered < Math.max(1, expected) && System.nanoTime() < deadline && !sc.sc().isStopped()) {
            sleep();
            registered = registered(sc);
        }
        String waited = String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - startedNanos) / 1e9);
        if (registered == 0) {
            throw new NoExecutorsException("no executor registered with " + sc.master() + " within " + waited + " ("
                    + MAX_WAIT + "=" + conf.get(MAX_WAIT, DEFAULT_MAX_WAIT) + "): does the cluster have a worker with "
                    + "free cores and spark.executor.memory=" + conf.get("spark.executor.memory", "1g")
                    + " plus overhead to spare?");
        }
        if (registered < expected) {
            log.warn("{} of {} executors registered within {}; the job goes on with Spark's default parallelism {} "
                    + "(give --workers to fix the number of model replicas)", registered, expected, waited,
                    sc.defaultParallelism());
        } else {
            log.info("{} executors registered in {}; Spark's default parallelism {}", registered, waited,
                    sc.defaultParallelism());
        }
    }

    /**
     * Executors the job asked its cluster manager for: {@code spark.executor.instances} on YARN and
     * Kubernetes (2 when not given), {@code spark.cores.max / spark.executor.cores} on a standalone master,
     * the initial number under dynamic allocation; 0 when it cannot be known (a standalone executor without
     * {@code spark.executor.cores} takes all of a worker's cores).
     */
    static int expectedExecutors(SparkConf conf) {
        String master = conf.get("spark.master", "");
        if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            return Math.max(conf.getInt("spark.dynamicAllocation.minExecutors", 0),
                    conf.getInt("spark.dynamicAllocation.initialExecutors", 0));
        }
        if (master.startsWith("spark://")) {
            int cores = conf.getInt("spark.cores.max", 0);
            int perExecutor = conf.getInt("spark.executor.cores", 0);
            return cores > 0 && perExecutor > 0 ? cores / perExecutor : 0;
        }
        if (master.startsWith("yarn") || master.startsWith("k8s://")) {
            return conf.getInt("spark.executor.instances", 2);
        }
        return conf.getInt("spark.executor.instances", 0);
    }

    /** Executors registered now; the status tracker lists the driver too. */
    private static int registered(JavaSparkContext sc) {
        return Math.max(0, sc.sc().statusTracker().getExecutorInfos().length - 1);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for executors", e);
        }
    }
}
