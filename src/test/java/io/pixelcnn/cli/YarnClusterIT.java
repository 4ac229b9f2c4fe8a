package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.testing.DriverUi;
import io.pixelcnn.testing.EventLog;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.Script;
import io.pixelcnn.testing.YarnCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real YARN with a real HDFS (mini clusters in this JVM; the ApplicationMaster, the driver in
 * cluster mode and every executor in YARN containers, each a JVM of its own), submitted through
 * submit/yarn.sh and Spark's own spark-submit as a data team does, with data, runs, tables and samples on
 * {@code hdfs:///} paths that name no host or port. YARN's final status is read from the ResourceManager.
 */
class YarnClusterIT {

    /** Small and quick; two replicas on two partitions whatever the cluster, so runs compare exactly. */
    private static final List<String> SMALL_MODEL = List.of("--hidden", "8", "--blocks", "1", "--seed", "7",
            "--workers", "2", "--partitions", "2", "--report-samples", "4");
    private static final List<String> DATA = List.of("--train-data", "hdfs:///data/train-images-idx3-ubyte.gz",
            "--test-data", "hdfs:///data/t10k-images-idx3-ubyte.gz", "--test-limit", "500");
    private static final String TRAINING_JOBS = "epoch 1: train";
    private static final Duration APP_END = Duration.ofMinutes(10); // only stops a hang

    @TempDir
    static Path dir;
    private static YarnCluster yarn;
    private static Submitted cleanTwoEpochs;

    @BeforeAll
    static void startYarnAndHdfsAndTrainInClusterMode() throws Exception {
        yarn = YarnCluster.start(Path.of("target/spark-home"), dir.resolve("cluster"));
        FileSystem hdfs = yarn.hdfs().fs();
        for (Path file : List.of(FashionMnist.TRAIN_IMAGES, FashionMnist.TEST_IMAGES)) {
            hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toString()),
                    new org.apache.hadoop.fs.Path("/data/" + file.getFileName()));
        }
        cleanTwoEpochs = submit("cluster", EventLog.sparkOptions(dir.resolve("events-clean")),
                train("hdfs:///runs/clean", "--epochs", "2", "--train-limit", "2000"));
    }

    @AfterAll
    static void stopClusters() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void clusterModeTrainsEvaluatesScoresAndSamplesOnHdfsPathsWithoutHostOrPort() throws Exception {
        assertSucceeded(cleanTwoEpochs);
        FileSystem hdfs = yarn.hdfs().fs();
        for (String file : List.of("config.properties", "metrics.csv", "model.zip", "report.html",
                "checkpoints/epoch-0001.zip", "checkpoints/epoch-0002.zip")) {
            assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/runs/clean/" + file)), file + " on HDFS");
        }
        assertFalse(hdfs.exists(new org.apache.hadoop.fs.Path("/runs/clean/.claim")), "the claim is released");
        // the driver ran in a YARN container: its one-line progress is in the container's log, not here
        List<Path> containers = yarn.containerLogDirs(cleanTwoEpochs.report().getApplicationId());
        String driverLog = Files.readString(containers.get(0).resolve("stderr"));
        assertTrue(driverLog.contains("epoch 2/2  train "), driverLog);
        // and every executor too: Spark's record of each executor added points at its YARN container's log
        List<String> executorLogs = EventLog.read(dir.resolve("events-clean")).events("SparkListenerExecutorAdded").stream()
                .map(added -> added.path("Executor Info").path("Log Urls").path("stderr").asText()).toList();
        assertEquals(2, executorLogs.size(), "executors: " + executorLogs);
        for (String log : executorLogs) {
            assertTrue(log.matches(".*/containerlogs/container_.*_01_00000[2-9]/.*"), "an executor in a YARN container: " + log);
        }
        assertEquals(3, containers.size(), "the driver's container and two executors': " + containers);

        assertSucceeded(submit("cluster", List.of(), List.of("evaluate", "--model", "hdfs:///runs/clean", "--limit", "500")));
        assertSucceeded(submit("cluster", List.of(), List.of("score", "--model", "hdfs:///runs/clean", "--data",
                "hdfs:///data/t10k-images-idx3-ubyte.gz", "--limit", "300", "--out", "hdfs:///scores/cluster")));
        assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/scores/cluster/_SUCCESS")), "committed by Spark");
        assertSucceeded(submit("cluster", List.of(), List.of("sample", "--model", "hdfs:///runs/clean", "--n", "40",
                "--out-dir", "hdfs:///samples/cluster")));
        assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/samples/cluster")), "samples on HDFS");
    }

    /**
     * Client mode: the driver runs in spark-submit's JVM here, its progress printed here through the job's
     * log configuration; YARN runs only the ApplicationMaster and the executors. One executor's container is
     * killed while it runs a task of a training round: Spark must notice, rerun the work, and the run end
     * normally.
     */
    @Test
    void clientModeShowsProgressSurvivesALostExecutorAndEvaluatesScoresAndSamples() throws Exception {
        Path events = dir.resolve("events-client");
        DriverUi ui = DriverUi.onFreePort();
        List<String> spark = new ArrayList<>(EventLog.sparkOptions(events));
        spark.addAll(ui.sparkOptions());
        // the kill lands in the first training round (1,280 images: two replicas, 20 steps of 32): 6,000
        // images leave rounds after it to finish on what is left of the cluster
        Script training = start("client", spark, train("hdfs:///runs/client", "--epochs", "1", "--train-limit", "6000",
                "--averaging-frequency", "20"));
        String killed = null;
        String application = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10); // any moment will do: only stops a hang
        while (killed == null && System.nanoTime() < deadline && training.process().isAlive()) {
            Optional<DriverUi.Executor> executor = ui.executorRunning(TRAINING_JOBS);
            if (executor.isPresent()) {
                application = executor.get().app();
                assertTrue(yarnExecutor(application, executor.get().id()).destroyForcibly());
                killed = executor.get().id();
            } else {
                Thread.sleep(50);
            }
        }
        assertNotNull(killed, "no executor ran a training task: " + training.output());
        Script.Result result = training.await(600);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("epoch 1/1  train "), "progress shown here: " + result.output());
        ApplicationReport report = yarn.awaitFinished(yarn.applications().get(yarn.applications().size() - 1)
                .getApplicationId(), APP_END);
        assertEquals(application, report.getApplicationId().toString());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());

        EventLog log = EventLog.read(events);
        String lost = killed;
        assertTrue(log.executorsRemoved().contains(lost), "executor " + lost + " removed: " + log.executorsRemoved());
        List<EventLog.TaskEnd> tasks = log.taskEnds(TRAINING_JOBS);
        EventLog.TaskEnd failed = tasks.stream()
                .filter(t -> t.executor().equals(lost) && "ExecutorLostFailure".equals(t.reason())).findFirst()
                .orElseThrow(() -> new AssertionError("the task running on the killed executor failed with it: " + tasks));
        // redone either as a new attempt of the task, or (when the retry found the lost executor's shuffle
        // output gone: FetchFailed) in a new attempt of its stage, whose task indexes count only what it reruns
        assertTrue(!EventLog.rerun(tasks).isEmpty() || tasks.stream().anyMatch(t -> t.successful()
                && t.stage() == failed.stage() && t.stageAttempt() > failed.stageAttempt()), "its work was done again: " + tasks);

        assertSucceeded(submit("client", List.of(), List.of("evaluate", "--model", "hdfs:///runs/client", "--limit", "500")));
        assertSucceeded(submit("client", List.of(), List.of("score", "--model", "hdfs:///runs/client", "--data",
                "hdfs:///data/t10k-images-idx3-ubyte.gz", "--limit", "300", "--out", "hdfs:///scores/client")));
        assertSucceeded(submit("client", List.of(), List.of("sample", "--model", "hdfs:///runs/client", "--n", "40",
                "--out-dir", "hdfs:///samples/client")));
    }

    /**
     * The driver's container is killed during epoch 2: YARN starts a second attempt with the same command
     * line, which continues the run its first attempt began from the last complete checkpoint, and ends with
     * exactly the parameters of the run that was never interrupted.
     */
    @Test
    void aDriverKilledMidEpochIsRestartedByYarnAndContinuesToTheSameModel() throws Exception {
        int before = yarn.applications().size();
        Script training = start("cluster", List.of(), train("hdfs:///runs/driver-killed", "--epochs", "2",
                "--train-limit", "2000"));
        FileSystem hdfs = yarn.hdfs().fs();
        org.apache.hadoop.fs.Path checkpoint = new org.apache.hadoop.fs.Path("/runs/driver-killed/checkpoints/epoch-0001.zip");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!hdfs.exists(checkpoint) && System.nanoTime() < deadline && training.process().isAlive()) {
            Thread.sleep(100);
        }
        assertTrue(hdfs.exists(checkpoint), "no first checkpoint: " + training.output());
        String application = yarn.applications().get(before).getApplicationId().toString();
        assertTrue(applicationMaster(application).destroyForcibly(), "killed the driver's container");
        Script.Result result = training.await(900);
        Submitted restarted = new Submitted(result, yarn.awaitFinished(yarn.applications().get(before).getApplicationId(), APP_END));
        assertSucceeded(restarted);
        assertEquals(2, yarn.attempts(restarted.report().getApplicationId()), "YARN ran a second attempt");
        String secondDriver = Files.readString(yarn.containerLogDirs(restarted.report().getApplicationId()).stream()
                .filter(c -> c.getFileName().toString().matches("container_.*_02_000001")).findFirst().orElseThrow()
                .resolve("stderr"));
        assertTrue(secondDriver.contains("attempt 2 of YARN application " + application + ": continuing the run attempt 1 began"),
                secondDriver);
        assertTrue(secondDriver.contains("resuming after epoch 1"), secondDriver);
        assertArrayEquals(parameters("/runs/clean/model.zip"), parameters("/runs/driver-killed/model.zip"),
                "the restarted run's model is the uninterrupted run's");
    }

    /**
     * Failures end FAILED on YARN with the job's one line in the driver's log and the job's exit code from
     * yarn.sh; YARN's second attempt reports the same failure (it would repeat) instead of running into it
     * again or hiding it behind another error.
     */
    @Test
    void failedRunsEndFailedOnYarnWithTheirOneLineAndExitCode() throws Exception {
        FileSystem hdfs = yarn.hdfs().fs();
        try (var out = hdfs.create(new org.apache.hadoop.fs.Path("/data/labels-idx1-ubyte"))) {
            out.write(new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 3, 4});
        }
        Submitted badData = submit("cluster", List.of(), List.of("train", "--run-dir", "hdfs:///runs/bad-data",
                "--train-data", "hdfs:///data/labels-idx1-ubyte", "--test-data", "hdfs:///data/labels-idx1-ubyte"));
        assertFailed(badData, ExitCodes.BAD_INPUT, "error: ");
        // in client mode the driver here stops Spark with its exit code: the ApplicationMaster reports FAILED
        Submitted badDataClient = submit("client", List.of(), List.of("train", "--run-dir", "hdfs:///runs/bad-data-client",
                "--train-data", "hdfs:///data/labels-idx1-ubyte", "--test-data", "hdfs:///data/labels-idx1-ubyte"));
        assertEquals(ExitCodes.BAD_INPUT, badDataClient.result().exitCode(), badDataClient.result().output());
        assertEquals(FinalApplicationStatus.FAILED, badDataClient.report().getFinalApplicationStatus(),
                badDataClient.report().getDiagnostics());
        assertEquals(1, badDataClient.result().output().lines().filter(line -> line.startsWith("error: ")).count(),
                badDataClient.result().output());

        Submitted diverged = submit("cluster", List.of(), train("hdfs:///runs/diverged", "--epochs", "1",
                "--train-limit", "2000", "--learning-rate", "1e30"));
        String error = assertFailed(diverged, ExitCodes.FAILED, "error: epoch 1: a minibatch's loss became ");
        if (yarn.attempts(diverged.report().getApplicationId()) > 1) {
            String second = lastDriverLog(diverged);
            assertTrue(second.contains(error.substring(0, 40)) && second.contains("attempt 1 of "), second);
            assertFalse(second.contains("epoch 1/1  step"), "the second attempt did not train again: " + second);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------

    /** A submission's exit code and output, and YARN's report of its application. */
    record Submitted(Script.Result result, ApplicationReport report) {
    }

    private static List<String> train(String runDir, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--run-dir", runDir));
        args.addAll(DATA);
        args.addAll(SMALL_MODEL);
        args.addAll(List.of(more));
        return args;
    }

    private static Script start(String mode, List<String> spark, List<String> job) throws Exception {
        Map<String, String> env = new HashMap<>(yarn.environment());
        env.put("PIXELCNN_DEPLOY_MODE", mode);
        env.put("PIXELCNN_EXECUTORS", "2");
        List<String> command = new ArrayList<>(List.of("bash", "submit/yarn.sh", "--spark"));
        command.addAll(yarn.sparkOptions());
        command.addAll(spark);
        command.add("--");
        command.addAll(job);
        Path log = Files.createTempFile(dir, job.get(0) + "-" + mode + "-", ".log");
        return Script.start(log, env, command);
    }

    private static Submitted submit(String mode, List<String> spark, List<String> job) throws Exception {
        int before = yarn.applications().size();
        Script.Result result = start(mode, spark, job).await(900);
        ApplicationReport report = yarn.awaitFinished(yarn.applicationAfter(before).getApplicationId(), APP_END);
        return new Submitted(result, report);
    }

    private static void assertSucceeded(Submitted submitted) {
        assertEquals(0, submitted.result().exitCode(), submitted.result().output());
        assertEquals(FinalApplicationStatus.SUCCEEDED, submitted.report().getFinalApplicationStatus(),
                submitted.report().getDiagnostics());
    }

    /** The one error line of the failure, from the driver's log of YARN's last attempt. */
    private static String assertFailed(Submitted submitted, int exitCode, String errorStart) throws Exception {
        assertEquals(exitCode, submitted.result().exitCode(), submitted.result().output());
        assertEquals(FinalApplicationStatus.FAILED, submitted.report().getFinalApplicationStatus());
        assertTrue(submitted.report().getDiagnostics().contains("User application exited with status " + exitCode),
                submitted.report().getDiagnostics());
        String driverLog = lastDriverLog(submitted);
        List<String> errors = driverLog.lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), driverLog);
        assertTrue(errors.get(0).startsWith(errorStart), errors.get(0));
        // the job's own output ends where the ApplicationMaster reports the exit code (when the job failed before
        // Spark started, the ApplicationMaster goes on with a trace of its own wait for the Spark context)
        String jobOutput = driverLog.substring(0, driverLog.indexOf("User application exited with status"));
        assertFalse(jobOutput.contains("\tat "), "no stack trace from the job: " + driverLog);
        return errors.get(0);
    }

    private static String lastDriverLog(Submitted submitted) throws Exception {
        List<Path> drivers = yarn.containerLogDirs(submitted.report().getApplicationId()).stream()
                .filter(c -> c.getFileName().toString().endsWith("_000001")).toList();
        return Files.readString(drivers.get(drivers.size() - 1).resolve("stderr"));
    }

    private static float[] parameters(String model) throws Exception {
        Configuration conf = yarn.hdfs().clientConf();
        ComputationGraph graph = ModelFiles.load(new org.apache.hadoop.fs.Path(yarn.hdfs().uri() + model), conf, false);
        return graph.params().toFloatVector();
    }

    /** The JVM of a YARN executor ({@code --app-id APP --executor-id ID} on its command line). */
    private static ProcessHandle yarnExecutor(String application, String id) {
        return only(ProcessHandle.allProcesses().filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.contains("YarnCoarseGrainedExecutorBackend") && line.contains("--app-id " + application)
                    && line.contains("--executor-id " + id + " ");
        }), "executor " + id + " of " + application);
    }

    /** The JVM of an application's ApplicationMaster, which in cluster mode runs the driver. */
    private static ProcessHandle applicationMaster(String application) {
        return only(ProcessHandle.allProcesses().filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.contains("org.apache.spark.deploy.yarn.ApplicationMaster") && line.contains(application);
        }), "the ApplicationMaster of " + application);
    }

    /** The one JVM among {@code processes} (a container runs its JVM under a bash of the same command line). */
    private static ProcessHandle only(Stream<ProcessHandle> processes, String what) {
        List<ProcessHandle> found = processes.filter(p -> p.info().command().orElse("").endsWith("/java")).toList();
        if (found.size() != 1) {
            throw new AssertionError(what + ": " + found.size() + " processes");
        }
        return found.get(0);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }
}
