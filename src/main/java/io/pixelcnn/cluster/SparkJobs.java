package io.pixelcnn.cluster;

import java.time.Duration;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.serializer.KryoSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark context of a command. The master and everything else come from spark-submit, the
 * {@code spark.*} system properties or conf/spark-defaults.conf; only what the job cannot run without
 * is filled in when missing, so a plain {@code java -jar} runs locally on all cores.
 */
public final class SparkJobs {

    private static final Logger log = LoggerFactory.getLogger(SparkJobs.class);

    /** Set by the process's entry point: see {@link #stopAtExit()}. */
    private static volatile boolean stopAtExit;
    /** The context a command closed while {@link #stopAtExit} held. */
    private static volatile JavaSparkContext leftRunning;
    /** The context started last, until it stops. */
    private static volatile JavaSparkContext running;
    /** How long the exit waits for tasks a cancelled job left running (see {@link RunningTasks}). */
    private static final Duration CANCELLED_TASKS_WAIT = Duration.ofSeconds(20);

    private SparkJobs() {
    }

    /**
     * Contexts started from now on are not stopped when a command closes them, but by {@link #stopActive(int)}
     * with the process's exit code. Spark passes that code to the cluster manager: on YARN in client mode the
     * ApplicationMaster reports FAILED for a non-zero code, where a plain stop would report SUCCEEDED.
     */
    public static void stopAtExit() {
        stopAtExit = true;
    }

    /** Stops the context still running, if any, telling the cluster manager how the job ended. */
    public static void stopActive(int exitCode) {
        JavaSparkContext sc = leftRunning;
        leftRunning = null;
        if (sc != null) {
            if (exitCode != 0) {
                // the error line is out; what Spark logs or prints while it stops is about the tasks the
                // failure cancelled and the replies still on their way
                LibraryLogs.silence();
                LibraryLogs.muteStandardError();
            }
            // an interrupted or failed job's cancelled tasks end first: stopping under them prints stack traces
            RunningTasks.awaitNone(sc, CANCELLED_TASKS_WAIT);
            sc.sc().stop(exitCode);
            running = null;
        }
    }

    /** The context of the command, while it runs. */
    static Optional<JavaSparkContext> running() {
        JavaSparkContext sc = running;
        return sc != null && !sc.sc().isStopped() ? Optional.of(sc) : Optional.empty();
    }

    /**
     * Starts the context and, on a cluster, waits for its executors (see {@link ExecutorWait}), so that
     * Spark's default parallelism is the cluster's size when the job reads it.
     *
     * @throws NoExecutorsException when no executor registered within
     *                              {@code spark.scheduler.maxRegisteredResourcesWaitingTime}
     */
    public static JavaSparkContext start(String appName) {
        long started = System.nanoTime();
        JavaSparkContext sc = new JavaSparkContext(conf().setAppName(appName)) {
            @Override
            public void close() {
                if (stopAtExit) {
                    leftRunning = this;
                } else {
                    super.close();
                }
            }
        };
        running = sc;
        // among the first lines a command prints: where to watch its jobs, stages and executors
        Optional<String> ui = Optional.ofNullable(sc.sc().uiWebUrl().getOrElse(() -> null));
        ui.ifPresent(url -> log.info("Spark UI: {}", url));
        try {
            // a signal that came while the context started found no jobs to cancel: this command ends here
            Interrupts.stopIfReceived();
            ExecutorWait.await(sc, started);
            return sc;
        } catch (RuntimeException e) {
            sc.close();
            throw e;
        }
    }

    /**
     * The Hadoop settings a job started now gets, {@code spark.hadoop.*} keys included, built the way
     * Spark builds its own: for the checks a command makes before it starts Spark.
     */
    public static Configuration hadoopConfiguration() {
        return SparkHadoopUtil.get().newConfiguration(conf());
    }

    private static SparkConf conf() {
        return new SparkConf()
                .setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.serializer", KryoSerializer.class.getName())
                // DL4J's minibatches and parameters are ND4J arrays; Kryo needs ND4J's serializers for them
                .setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .setIfMissing("spark.kryoserializer.buffer.max", "512m")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // hold the context back until every executor asked for has registered (or the time is up)
                .setIfMissing(ExecutorWait.MIN_RATIO, "1.0")
                .setIfMissing(ExecutorWait.MAX_WAIT, ExecutorWait.DEFAULT_MAX_WAIT);
    }
}
