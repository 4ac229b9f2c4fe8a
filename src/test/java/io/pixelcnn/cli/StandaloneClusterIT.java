package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.sample.ImageSeeds;
import io.pixelcnn.sample.Samplers;
import io.pixelcnn.testing.DriverUi;
import io.pixelcnn.testing.EventLog;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.ReadCounter;
import io.pixelcnn.testing.Script;
import io.pixelcnn.testing.SecretFileSystem;
import io.pixelcnn.testing.StandaloneCluster;
import io.pixelcnn.testing.TestImages;
import io.pixelcnn.train.EpochMetrics;
import io.pixelcnn.train.SparkTrainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The job on a real Spark standalone cluster on loopback: a Master and two Workers in their own JVMs,
 * executors in their own JVMs, the cluster jar submitted with submit/standalone.sh (spark-submit's
 * SparkSubmit), and the faults clusters have.
 */
class StandaloneClusterIT {

    /**
     * Small enough to train 60,000 images in a couple of minutes on two one-core executors. No --workers:
     * a run takes one replica per executor core of the cluster, here 2.
     */
    private static final List<String> SMALL_MODEL = List.of("--hidden", "8", "--blocks", "1", "--seed", "7",
            "--train-eval-limit", "1000");
    private static final String TRAINING_JOBS = "epoch 1: train";
    private static final Pattern PROGRESS = Pattern.compile("epoch 1/1  step (\\d+)/(\\d+) ");
    private static final int MANY_FILES = 200_000;
    private static final double MIB = 1024 * 1024;
    private static final int SAMPLED = 2000;
    private static final int SAMPLE_BATCH = 250;
    private static final long SAMPLE_SEED = 5;
    private static final List<String> CAPPED_DRIVER = List.of("--spark", "--driver-memory", "512m",
            "--conf", "spark.executor.memory=1g", "--");

    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;
    private static Path cleanRun;
    private static Script.Result cleanTraining;
    /** Two epochs of 2,000 images, two replicas averaged every 4 steps: plain averaging, and with the outer optimizer. */
    private static final List<String> PLAIN_TWO_EPOCHS = List.of("--epochs", "2", "--train-limit", "2000",
            "--test-limit", "200", "--workers", "2", "--partitions", "2", "--averaging-frequency", "4",
            "--report-samples", "0");
    private static final List<String> OUTER_TWO_EPOCHS = Stream.concat(PLAIN_TWO_EPOCHS.stream(),
            Stream.of("--outer-learning-rate", "0.8", "--outer-momentum", "auto")).toList();
    private static Script.Result outerClusterRun;

    @BeforeAll
    static void startClusterAndTrainOnSixtyThousandImages() throws Exception {
        cluster = StandaloneCluster.start(Path.of("target/spark-home"), dir.resolve("cluster"), 2, 3072);
        cleanRun = dir.resolve("clean");
        cleanTraining = standalone(dir.resolve("clean.log"), cappedDriver(EventLog.sparkOptions(dir.resolve("events-clean"))),
                train(cleanRun, "--epochs", "1", "--test-limit", "2000"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sixtyThousandImagesTrainWithA512MbDriverOnExecutorsInTheirOwnJvms() throws Exception {
        assertEquals(0, cleanTraining.exitCode(), cleanTraining.output());
        List<EpochMetrics> metrics = metrics(cleanRun);
        assertEquals(60000, metrics.get(1).images());
        assertTrue(metrics.get(1).testBitsPerDim() < 5, "test bits/dim " + metrics.get(1).testBitsPerDim());
        assertDriverHeapCapped(EventLog.read(dir.resolve("events-clean")));
        // every executor was its own JVM, launched by a Worker, and loaded ND4J's native backend there
        List<Path> executorLogs;
        try (Stream<Path> files = Files.walk(dir.resolve("cluster"))) {
            executorLogs = files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
        }
        assertTrue(executorLogs.size() >= 2, "executor logs: " + executorLogs);
        long withNd4j = executorLogs.stream().filter(log -> read(log).contains("Loaded [CpuBackend] backend")).count();
        assertTrue(withNd4j >= 2, "executors that loaded ND4J: " + withNd4j);
    }

    @Test
    void withoutWorkersARunWaitsForTheClustersExecutorsAndSavesTheReplicasAndPartitions() throws Exception {
        assertEquals(0, cleanTraining.exitCode(), cleanTraining.output());
        // Spark recorded both executors registering before the job's first Spark job: nothing was sized early
        EventLog events = EventLog.read(dir.resolve("events-clean"));
        assertEquals(2, events.executorsAdded().size(), "executors: " + events.executorsAdded());
        long firstJob = events.firstJobSubmitted();
        events.executorsAdded().forEach((executor, registered) -> assertTrue(registered <= firstJob,
                "executor " + executor + " registered at " + registered + ", after the first job at " + firstJob));
        assertTrue(cleanTraining.output().contains("60000 training and 2000 test images of 28x28 grayscale in 2 partitions"),
                cleanTraining.output());
        // the numbers, not 0, are what the run saved: a resume uses them whatever the cluster
        Properties saved = savedConfig(cleanRun);
        assertEquals("2", saved.getProperty("workers"));
        assertEquals("2", saved.getProperty("partitions"));
    }

    @Test
    void noExecutorWithinTheWaitingTimeIsOneLineAndExitCodeOne() throws Exception {
        Path run = dir.resolve("no-executors");
        // executors of 4 GB cannot start on workers of 3 GB
        Script.Result result = standalone(dir.resolve("no-executors.log"), List.of("--spark", "--driver-memory", "512m",
                "--conf", "spark.executor.memory=4g", "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=5s", "--"),
                train(run, "--epochs", "1"));
        assertEquals(ExitCodes.FAILED, result.exitCode(), result.output());
        List<String> errors = result.output().lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), result.output());
        assertTrue(errors.get(0).startsWith("error: no executor registered with " + cluster.masterUrl() + " within "),
                errors.get(0));
        assertTrue(errors.get(0).contains("spark.scheduler.maxRegisteredResourcesWaitingTime=5s"), errors.get(0));
        assertFalse(result.output().contains("\tat "), "no stack trace: " + result.output());
        // the waiting time given, not the default 120 s: the job waited at least 5 s, as long as it says
        Matcher waited = Pattern.compile(" within (\\d+) s ").matcher(errors.get(0));
        assertTrue(waited.find() && Integer.parseInt(waited.group(1)) >= 5, errors.get(0));
        assertFalse(Files.exists(run.resolve(RunDirectory.CONFIG)), "nothing written");
    }

    @Test
    void divergenceOnTheClusterStopsAtTheFirstFailedTaskWithOneLine() throws Exception {
        Path run = dir.resolve("diverged");
        Path events = dir.resolve("events-diverged");
        Script.Result result = standalone(dir.resolve("diverged.log"), cappedDriver(EventLog.sparkOptions(events)),
                train(run, "--epochs", "1", "--train-limit", "2000", "--test-limit", "200", "--learning-rate", "1e30",
                        "--report-samples", "0"));
        assertEquals(ExitCodes.FAILED, result.exitCode(), result.output());
        List<String> errors = result.output().lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), result.output());
        assertTrue(errors.get(0).startsWith("error: epoch 1: a minibatch's loss became ")
                && errors.get(0).endsWith("; no checkpoint was written (try a lower learning-rate)"), errors.get(0));
        assertFalse(result.output().contains("\tat "), "no stack trace: " + result.output());

        // Spark's record: a training task failed with the divergence, and none was tried four times
        EventLog log = EventLog.read(events);
        List<EventLog.TaskEnd> training = log.taskEnds(TRAINING_JOBS);
        List<EventLog.TaskEnd> diverged = training.stream()
                .filter(t -> t.failureText().contains("TrainingDivergedException")).toList();
        assertFalse(diverged.isEmpty(), "a task failed with the divergence: " + training);
        Map<String, Long> attempts = training.stream().collect(Collectors.groupingBy(t -> t.stage() + ":" + t.index(),
                Collectors.counting()));
        assertTrue(attempts.values().stream().allMatch(n -> n <= 2), "attempts per task: " + attempts);
        // the driver stopped only after the cancelled round's other tasks had ended (RunningTasks): a task
        // still running at the stop has no end in the log, and its clean-up replies find Spark stopped
        assertEquals(log.events("SparkListenerTaskStart").size(), log.taskEnds().size(), "every task started has ended");
    }

    @Test
    void evaluationOnTheClusterEqualsLocalEvaluationOfTheSameModel() throws Exception {
        assertEquals(0, cleanTraining.exitCode(), cleanTraining.output());
        Script.Result onCluster = standalone(dir.resolve("evaluate.log"), CAPPED_DRIVER,
                List.of("evaluate", "--model", cleanRun.toString(), "--limit", "3000", "--partitions", "4"));
        assertEquals(0, onCluster.exitCode(), onCluster.output());
        Cli.Result local = Cli.run("evaluate", "--model", cleanRun.toString(), "--limit", "3000", "--partitions", "3");
        assertEquals(ExitCodes.OK, local.exitCode(), local.err());
        double clusterBits = number(onCluster.output(), "bits_per_dim");
        double localBits = number(local.out(), "bits_per_dim");
        assertEquals(localBits, clusterBits, 1e-5 * localBits);
        assertEquals(3000, number(onCluster.output(), "images"));
    }

    /**
     * Six replicas on two executors: each round of parameter averaging is a stage of six training tasks,
     * three per executor, whose results go through a shuffle. The test waits until training is under way
     * (the first progress line), then kills an executor that has finished one task of the running round
     * and is running another. Spark must notice (the executor is removed) and do again, elsewhere, all the
     * work it lost with it: the running task, and the finished tasks' output that was still to be read. The
     * run must end normally, its progress counting the redone work once.
     */
    @Test
    void executorKilledMidRoundIsNoticedItsTasksRerunAndProgressCountsThemOnce() throws Exception {
        Path run = dir.resolve("executor-killed");
        Path events = dir.resolve("events-executor-killed");
        DriverUi ui = DriverUi.onFreePort();
        List<String> options = new ArrayList<>(EventLog.sparkOptions(events));
        options.addAll(ui.sparkOptions());
        Script training = Script.start(dir.resolve("executor-killed.log"), cluster.environment(), standaloneCommand(
                cappedDriver(options), train(run, "--epochs", "1", "--train-limit", "30000", "--test-limit", "2000",
                        "--workers", "6", "--report-samples", "0")));
        training.awaitOutput("epoch 1/1  step ", 300); // a round of averaging has reached the driver
        String killed = null;
        // any moment of the epoch will do: the deadline only stops a hang
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (killed == null && training.process().isAlive() && System.nanoTime() < deadline) {
            Optional<DriverUi.Executor> executor = ui.executorMidStage(TRAINING_JOBS, 6);
            if (executor.isPresent()) {
                assertTrue(StandaloneCluster.executor(executor.get().app(), executor.get().id()).destroyForcibly());
                killed = executor.get().id();
            } else {
                Thread.sleep(100);
            }
        }
        assertNotNull(killed, "no executor was between two training tasks while the epoch ran: " + training.output());
        String lost = killed;
        Script.Result result = training.await(600);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("epoch 1/1  train "), result.output());
        assertEquals(30000, metrics(run).get(1).images());
        assertTrue(metrics(run).get(1).testBitsPerDim() < 5, "trained: " + metrics(run).get(1));

        // Spark's own record of the fault
        EventLog log = EventLog.read(events);
        assertTrue(log.executorsRemoved().contains(lost), "executor " + lost + " removed: " + log.executorsRemoved());
        List<EventLog.TaskEnd> tasks = log.taskEnds(TRAINING_JOBS);
        assertTrue(tasks.stream().anyMatch(t -> t.executor().equals(lost) && "ExecutorLostFailure".equals(t.reason())),
                "the task running on the killed executor failed with it: " + faults(tasks));
        List<String> notRedone = lostWorkNotRedone(log, tasks, lost);
        assertEquals(List.of(), notRedone, "work lost with executor " + lost + " and not done again: " + faults(tasks));

        // the driver's progress: never past 100%, and its last count is each minibatch once, however often
        // Spark ran a finished task again (every successful attempt adds to Spark's own accumulator)
        String steps = "epoch 1 steps";
        double countedOnce = EventLog.sum(tasks, steps, true);
        double everySuccess = EventLog.sum(tasks, steps, false);
        boolean finishedTaskRunAgain = tasks.stream().filter(t -> t.successful() && t.update(steps) > 0)
                .collect(Collectors.groupingBy(t -> t.stage() + ":" + t.partition(), Collectors.counting()))
                .values().stream().anyMatch(n -> n > 1);
        assertEquals(finishedTaskRunAgain, everySuccess > countedOnce, "Spark's accumulator " + everySuccess
                + ", each partition once " + countedOnce + ": " + faults(tasks));
        List<Matcher> lines = result.output().lines().map(PROGRESS::matcher).filter(Matcher::find).toList();
        assertTrue(lines.size() >= 2, result.output());
        for (Matcher line : lines) {
            assertTrue(Long.parseLong(line.group(1)) <= Long.parseLong(line.group(2)), line.group());
        }
        assertEquals((long) countedOnce, Long.parseLong(lines.get(lines.size() - 1).group(1)), result.output());
        System.out.println("executor killed: a finished task run again: " + finishedTaskRunAgain + "; " + faults(tasks));
    }

    /**
     * The work Spark lost with the {@code lost} executor, by its own record, that no later successful attempt
     * on another executor did again. Spark records each loss it has to repair: the task running there ends
     * {@code ExecutorLostFailure}; a finished task whose shuffle output the still-running stage needs ends
     * {@code Resubmitted}; when that stage had already ended, the next stage's task that cannot read the
     * output ends {@code FetchFailed} naming the executor, and the map stage then runs the partitions it had
     * finished there again in a new stage attempt. Which of these a run shows depends on where in the round
     * the kill lands (the UI showed a task running; it may finish in the milliseconds before the kill); a
     * finished output the next stage had already read is not needed, and Spark rightly leaves it.
     */
    private static List<String> lostWorkNotRedone(EventLog log, List<EventLog.TaskEnd> tasks, String lost) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            EventLog.TaskEnd end = tasks.get(i);
            List<EventLog.TaskEnd> needed = new ArrayList<>();
            if (end.executor().equals(lost) && Set.of("ExecutorLostFailure", "Resubmitted").contains(end.reason())) {
                needed.add(end);
            }
            if ("FetchFailed".equals(end.reason()) && lost.equals(end.fetchFailedFrom())) {
                tasks.subList(0, i).stream().filter(t -> t.successful() && t.executor().equals(lost)
                        && log.parents(end.stage()).contains(t.stage())).forEach(needed::add);
            }
            for (EventLog.TaskEnd work : needed) {
                boolean redone = tasks.subList(i + 1, tasks.size()).stream().anyMatch(t -> t.successful()
                        && !t.executor().equals(lost) && t.stage() == work.stage() && t.partition() == work.partition());
                if (!redone) {
                    missing.add("stage " + work.stage() + " partition " + work.partition() + " (" + end.reason() + ")");
                }
            }
        }
        return missing;
    }

    /** The training tasks that did not simply succeed once, for messages. */
    private static List<String> faults(List<EventLog.TaskEnd> tasks) {
        return tasks.stream().filter(t -> !t.successful() || t.attempt() > 0 || t.stageAttempt() > 0)
                .map(t -> "stage " + t.stage() + "." + t.stageAttempt() + " partition " + t.partition() + " attempt "
                        + t.attempt() + " on " + t.executor() + ": " + t.reason()
                        + (t.fetchFailedFrom().isEmpty() ? "" : " from " + t.fetchFailedFrom()))
                .toList();
    }

    /**
     * The driver killed (SIGKILL) once epoch 1's checkpoint has landed: {@code --resume} continues after the
     * last checkpoint on disk, where Spark's default parallelism is 3 as on a cluster of another size (the
     * saved numbers win), and ends with exactly the parameters and metrics of the same run never interrupted:
     * the outer optimizer's two-epoch cluster run, shared with
     * {@link #outerOptimizerOnTheClusterEndsWithTheParametersOfTheSameRunOnLocalTwo} (one cluster run fewer;
     * its velocity must come back from the checkpoint too).
     */
    @Test
    void driverKilledDuringTrainingResumesFromItsLastCompleteCheckpointToTheUninterruptedRunsModel() throws Exception {
        Path whole = outerOnCluster();

        Path run = dir.resolve("driver-killed");
        Script training = Script.start(dir.resolve("driver-killed.log"), cluster.environment(),
                standaloneCommand(CAPPED_DRIVER, train(run, OUTER_TWO_EPOCHS.toArray(String[]::new))));
        Path checkpoint = run.resolve("checkpoints/epoch-0001.zip");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10); // only stops a hang
        while (!Files.exists(checkpoint) && training.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(checkpoint), "no first checkpoint: " + training.output());
        training.process().descendants().forEach(ProcessHandle::destroyForcibly);
        training.process().destroyForcibly();
        training.process().waitFor(60, TimeUnit.SECONDS);
        assertFalse(Files.exists(run.resolve(RunDirectory.MODEL)), "the driver finished before it was killed");
        int last;
        try (Stream<Path> checkpoints = Files.list(run.resolve("checkpoints"))) {
            last = checkpoints.map(p -> p.getFileName().toString()).filter(name -> name.matches("epoch-\\d{4}\\.zip"))
                    .mapToInt(name -> Integer.parseInt(name.substring(6, 10))).max().orElseThrow();
        }

        Script.Result resumed = standalone(dir.resolve("driver-resumed.log"),
                cappedDriver(List.of("--conf", "spark.default.parallelism=3")), List.of("train", "--resume", run.toString()));
        assertEquals(0, resumed.exitCode(), resumed.output());
        assertTrue(resumed.output().lines().anyMatch(line -> line.endsWith("; resuming after epoch " + last)),
                "after checkpoint " + last + ": " + resumed.output());
        assertTrue(resumed.output().contains("images of 28x28 grayscale in 2 partitions"), resumed.output());
        assertEquals("2", savedConfig(run).getProperty("workers"));
        assertEquals(List.of(0, 1, 2), metrics(run).stream().map(EpochMetrics::epoch).toList());
        assertEquals(bitsPerEpoch(whole), bitsPerEpoch(run), "the same bits/dim, epoch by epoch");
        assertArrayEquals(parameters(whole), parameters(run), "the resumed run's model is the uninterrupted run's");
        System.out.println("driver killed after checkpoint " + last);
    }

    /**
     * Also the {@code spark.hadoop.*} settings on a cluster: the folders and the run directory are on a file
     * system ({@link SecretFileSystem}) that opens only with a secret these settings alone carry, and the
     * executors, JVMs of their own, read the images through it and say so in their logs.
     */
    @Test
    void trainsFromAFolderOfPngFilesWithTheDriverHeapCappedThroughSparkHadoopSettings() throws Exception {
        Path train = dir.resolve("png/train");
        Path test = dir.resolve("png/test");
        for (int i = 0; i < 240; i++) {
            TestImages.colourPng((i < 180 ? train : test).resolve("img-" + i + ".png"), 16, 16, i);
        }
        Path run = dir.resolve("png-run");
        String testClasses = Path.of("target/test-classes").toAbsolutePath().toString();
        String secret = SecretFileSystem.SCHEME + ":";
        Script.Result result = standalone(dir.resolve("png.log"), cappedDriver(List.of(
                "--conf", "spark.hadoop.fs." + SecretFileSystem.SCHEME + ".impl=" + SecretFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs." + SecretFileSystem.SCHEME + ".impl.disable.cache=true",
                "--conf", "spark.hadoop." + SecretFileSystem.SECRET_KEY + "=" + SecretFileSystem.SECRET,
                "--driver-class-path", testClasses, "--conf", "spark.executor.extraClassPath=" + testClasses)),
                List.of("train", "--run-dir", secret + run, "--train-data", secret + train, "--test-data", secret + test,
                        "--channels", "3", "--hidden", "6", "--blocks", "1", "--epochs", "1", "--batch-size", "16",
                        "--averaging-frequency", "2", "--workers", "2"));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("180 training and 60 test images of 16x16 with 3 channels"), result.output());
        assertTrue(metrics(run).get(1).testBitsPerDim() < 8.0);
        // each Worker's log of its executor (WORKER/APP/EXECUTOR/stderr): only this test's application uses secretfs
        List<Path> opened;
        try (Stream<Path> files = Files.walk(dir.resolve("cluster"))) {
            opened = files.filter(f -> f.getFileName().toString().equals("stderr")
                    && read(f).contains(SecretFileSystem.OPENED_IN_EXECUTOR)).toList();
        }
        assertEquals(2, opened.size(), "both executors opened the file system with the secret: " + opened);
        assertEquals(1, opened.stream().map(f -> f.getParent().getParent().getFileName()).distinct().count(),
                "one application: " + opened);
    }

    @Test
    void trainsFromCifarStyleBinaryRecordsWithTheDriverHeapCapped() throws Exception {
        Path train = Files.createDirectories(dir.resolve("cifar/train"));
        Random random = new Random(3);
        cifarBatch(train.resolve("data_batch_1.bin"), 150, random);
        cifarBatch(train.resolve("data_batch_2.bin"), 150, random);
        Path test = cifarBatch(dir.resolve("cifar/test_batch.bin"), 60, random);
        Path run = dir.resolve("cifar-run");
        Script.Result result = standalone(dir.resolve("cifar.log"), CAPPED_DRIVER,
                List.of("train", "--run-dir", run.toString(), "--train-data", train.resolve("data_batch_*.bin").toString(),
                        "--test-data", test.toString(), "--record-shape", "3x32x32", "--record-label-bytes", "1",
                        "--hidden", "6", "--blocks", "1", "--epochs", "1", "--batch-size", "16", "--averaging-frequency", "2",
                        "--workers", "2"));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("300 training and 60 test images of 32x32 with 3 channels"), result.output());
        assertTrue(metrics(run).get(1).testBitsPerDim() < 8.0);
    }

    @Test
    void trainsFromAParquetTableOfEncodedImagesReadOnTheExecutors() throws Exception {
        Path table = dir.resolve("table/images.parquet");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write-table")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            StructType image = new StructType().add("bytes", DataTypes.BinaryType).add("path", DataTypes.StringType);
            List<Row> rows = new ArrayList<>();
            List<byte[]> images = FashionMnist.images(FashionMnist.TEST_IMAGES, 400);
            for (int i = 0; i < images.size(); i++) {
                rows.add(RowFactory.create(RowFactory.create(TestImages.grayPngBytes(images.get(i), 28, 28),
                        "image-" + i + ".png"), i % 10));
            }
            spark.createDataFrame(rows, new StructType().add("image", image).add("label", DataTypes.IntegerType))
                    .repartition(4).write().parquet(table.toString());
        } finally {
            spark.stop();
        }
        Path run = dir.resolve("table-run");
        Script.Result result = standalone(dir.resolve("table.log"), CAPPED_DRIVER,
                List.of("train", "--run-dir", run.toString(), "--train-data", table.toString(), "--test-data", table.toString(),
                        "--test-limit", "100", "--hidden", "6", "--blocks", "1", "--epochs", "1", "--batch-size", "16",
                        "--averaging-frequency", "2", "--workers", "2"));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("400 training and 100 test images of 28x28 grayscale"), result.output());
        assertTrue(metrics(run).get(1).testBitsPerDim() < 8.0);
    }

    @Test
    void twoHundredThousandSmallFilesListAndTrainWithA512MbDriverAndEachIsReadOnce() throws Exception {
        Path corpus = dir.resolve("many/train");
        Path test = dir.resolve("many/test");
        long writing = System.nanoTime();
        writeSmallPngs(corpus, 200, 1000);
        writeSmallPngs(test, 1, 500);
        System.out.printf("wrote %d PNG files in %.1f s%n", MANY_FILES + 500, (System.nanoTime() - writing) / 1e9);
        Path reads = dir.resolve("many-reads.properties");
        Path run = dir.resolve("many-run");
        Path events = dir.resolve("events-many");
        List<String> spark = new ArrayList<>(List.of("--spark", "--driver-memory", "512m",
                "--conf", "spark.executor.memory=1g", "--conf", "spark.extraListeners=" + ReadCounter.class.getName(),
                "--conf", ReadCounter.OUT + "=" + reads,
                "--driver-class-path", Path.of("target/test-classes").toAbsolutePath().toString()));
        spark.addAll(EventLog.sparkOptions(events));
        spark.add("--");
        // what is tested is the listing, the reading and the count of each image once, not the model: a tiny
        // one in minibatches of 512, 39 averaging rounds as with 128 every 20, in a quarter of the steps
        Script.Result result = standalone(dir.resolve("many.log"), spark, List.of("train", "--run-dir", run.toString(),
                "--train-data", corpus.toString(), "--test-data", test.toString(), "--hidden", "2", "--blocks", "0",
                "--epochs", "1", "--batch-size", "512", "--averaging-frequency", "5", "--workers", "2",
                "--train-eval-limit", "1000", "--report-samples", "0"));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(MANY_FILES, metrics(run).get(1).images());
        assertDriverHeapCapped(EventLog.read(events));
        result.output().lines().filter(line -> line.contains("listed on the executors") || line.contains("images read and")
                || line.contains("images/s")).forEach(line -> System.out.println("200k files: " + line));

        // a SparkListener in the driver: named accumulators of successful tasks, by job description
        Map<String, Long> sums = ReadCounter.read(reads);
        String qualified = "file:" + corpus; // the run names its data as it saved it, qualified
        String read = ImageData.READ_COUNTER + qualified;
        assertEquals(Map.of("read " + qualified + " | " + read, (long) MANY_FILES),
                sums.entrySet().stream().filter(e -> e.getKey().endsWith(" | " + read))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "every file read once, all of them while the data was read, none during the epoch: " + sums);
        assertEquals((long) MANY_FILES, sums.get("epoch 1: train | epoch 1" + SparkTrainer.BATCHED_COUNTER),
                "the epoch put each image into a minibatch once: " + sums);
    }

    /**
     * The model of the clean run samples 2,000 images on the executors into a Parquet table: every index
     * once, with its own seed, each a PNG of the model's shape, and the same images the test JVM makes
     * from the same seed (blocks of --sample-batch are the same arithmetic in any JVM).
     */
    @Test
    void twoThousandImagesSampledOnTheExecutorsMakeAParquetTableOfDecodablePngs() throws Exception {
        assertEquals(0, cleanTraining.exitCode(), cleanTraining.output());
        Path table = dir.resolve("samples/table");
        Script.Result result = standalone(dir.resolve("sample.log"), CAPPED_DRIVER, List.of("sample", "--model",
                cleanRun.toString(), "--n", Integer.toString(SAMPLED), "--format", "parquet", "--out-dir", table.toString(),
                "--seed", Long.toString(SAMPLE_SEED), "--sample-batch", Integer.toString(SAMPLE_BATCH)));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("sample  " + SAMPLED + "/" + SAMPLED + " images"), result.output());
        assertTrue(Files.exists(table.resolve("_SUCCESS")), "committed by Spark's committer");

        List<Row> rows = sampledRows(table);
        assertEquals(SAMPLED, rows.size());
        ComputationGraph model = ModelFiles.load(new org.apache.hadoop.fs.Path(cleanRun.resolve(RunDirectory.MODEL).toString()),
                new org.apache.hadoop.conf.Configuration(), false);
        ImageShape shape = ModelGraph.imageShape(model.getConfiguration());
        List<byte[]> firstBlock = Samplers.forModel(model, shape, SAMPLE_BATCH).sample(0, SAMPLE_BATCH, SAMPLE_SEED);
        for (int i = 0; i < SAMPLED; i++) {
            Row row = rows.get(i);
            assertEquals(i, row.getLong(0), "indexes 0.." + (SAMPLED - 1) + " once each");
            assertEquals(ImageSeeds.of(SAMPLE_SEED, i), row.getLong(1));
            byte[] png = (byte[]) row.get(2);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image, "image " + i + " decodes");
            assertEquals(28, image.getWidth());
            assertEquals(28, image.getHeight());
            if (i < SAMPLE_BATCH) {
                assertArrayEquals(ImageGrid.png(firstBlock.get(i), shape), png, "image " + i + " as sampled here");
            }
        }
    }

    /** index, seed, png of a sampled table, by index, read by Spark SQL. */
    /**
     * The outer optimizer on the cluster, executors in their own JVMs, ends where the same run on local[2]
     * ends: the velocity lives on the driver and the rounds are the same. Not bit for bit: the executors'
     * native code (one thread each) and the test JVM's round the last bits of some sums differently, and two
     * epochs of training carry the differences on. How far depends on the CPU, whose kernels oneDNN picks at
     * run time: on one machine a few parameters differed in their last bits (5e-8 in 0.12), on an AVX-512 one
     * the two ended 2.3e-5 of the parameters' norm apart. So the bound is
     * 1e-4 of the norm, against a plain-averaging run of the same data that ends a thousandth or more away.
     */
    @Test
    void outerOptimizerOnTheClusterEndsWithTheParametersOfTheSameRunOnLocalTwo() throws Exception {
        Path onCluster = outerOnCluster();
        assertEquals("auto", savedConfig(onCluster).getProperty("outer-momentum"));

        INDArray cluster = finalParams(onCluster);
        double apartFromLocal = distance(cluster, trainLocally(dir.resolve("outer-local"), OUTER_TWO_EPOCHS));
        double apartFromPlain = distance(cluster, trainLocally(dir.resolve("plain-local"), PLAIN_TWO_EPOCHS));
        assertTrue(apartFromLocal < 1e-4, "cluster and local[2] " + apartFromLocal + " apart (relative), plain averaging "
                + apartFromPlain);
        assertTrue(apartFromPlain > 1e-3, "the outer step changed nothing: " + apartFromPlain + " from plain averaging");
    }

    /**
     * The two-epoch cluster run with the outer optimizer, trained once for the tests that need it (each is
     * also right run alone): the uninterrupted run of the driver-killed test and the cluster side of the
     * outer optimizer's comparison.
     */
    private static synchronized Path outerOnCluster() throws Exception {
        Path run = dir.resolve("outer-cluster");
        if (outerClusterRun == null) {
            outerClusterRun = standalone(dir.resolve("outer-cluster.log"), CAPPED_DRIVER,
                    train(run, OUTER_TWO_EPOCHS.toArray(String[]::new)));
        }
        assertEquals(0, outerClusterRun.exitCode(), outerClusterRun.output());
        return run;
    }

    private static INDArray trainLocally(Path run, List<String> options) throws Exception {
        Cli.Result local = Cli.run(train(run, options.toArray(String[]::new)).toArray(String[]::new));
        assertEquals(ExitCodes.OK, local.exitCode(), local.err());
        return finalParams(run);
    }

    private static INDArray finalParams(Path run) throws Exception {
        return ModelFiles.load(new org.apache.hadoop.fs.Path(run.resolve(RunDirectory.MODEL).toUri()),
                new org.apache.hadoop.conf.Configuration(), false).params();
    }

    /** |a - b| / |a|. */
    private static double distance(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / a.norm2Number().doubleValue();
    }

    private static List<Row> sampledRows(Path table) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("read-samples")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            return spark.read().parquet(table.toString()).select("index", "seed", "png").orderBy("index").collectAsList();
        } finally {
            spark.stop();
        }
    }

    /** {@code folders x perFolder} 8 x 8 grey PNG files, {@code folder-NNN/image-NNNN.png}, varied content. */
    private static void writeSmallPngs(Path root, int folders, int perFolder) throws Exception {
        byte[] pixels = new byte[64];
        Random random = new Random(folders);
        for (int f = 0; f < folders; f++) {
            Path folder = Files.createDirectories(root.resolve(String.format("folder-%03d", f)));
            for (int i = 0; i < perFolder; i++) {
                random.nextBytes(pixels);
                Files.write(folder.resolve(String.format("image-%04d.png", i)), TestImages.grayPngBytes(pixels, 8, 8));
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static List<String> train(Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--run-dir", run.toString()));
        args.addAll(SMALL_MODEL);
        args.addAll(List.of(more));
        return args;
    }

    /** spark-submit options: the 512 MB driver of {@link #CAPPED_DRIVER} and {@code more}. */
    private static List<String> cappedDriver(List<String> more) {
        List<String> options = new ArrayList<>(CAPPED_DRIVER.subList(0, CAPPED_DRIVER.size() - 1));
        options.addAll(more);
        options.add("--");
        return options;
    }

    /**
     * The driver ran with at most 512 MiB of heap, by Spark's own record: its block manager got
     * (heap - 300 MiB) x 0.6, which is 127.2 MiB at 512 MiB (and 1,048.8 MiB at spark-defaults.conf's 2g).
     */
    private static void assertDriverHeapCapped(EventLog log) {
        long memory = log.driverMaxMemory();
        double heapMib = memory / 0.6 / MIB + 300;
        assertTrue(memory > 0 && heapMib <= 512.01, "driver heap " + heapMib + " MiB (block manager " + memory + " bytes)");
    }

    /** Each epoch's train and test bits/dim (timings differ between runs). */
    private static List<String> bitsPerEpoch(Path run) throws Exception {
        return metrics(run).stream().map(m -> m.epoch() + " " + m.trainBitsPerDim() + " " + m.testBitsPerDim()).toList();
    }

    private static float[] parameters(Path run) throws Exception {
        return ModelFiles.load(new org.apache.hadoop.fs.Path(run.resolve(RunDirectory.MODEL).toString()),
                new org.apache.hadoop.conf.Configuration(), false).params().toFloatVector();
    }

    private static Properties savedConfig(Path run) throws Exception {
        Properties saved = new Properties();
        try (var in = Files.newBufferedReader(run.resolve(RunDirectory.CONFIG))) {
            saved.load(in);
        }
        return saved;
    }

    private static List<String> standaloneCommand(List<String> spark, List<String> job) {
        List<String> command = new ArrayList<>(List.of("bash", "submit/standalone.sh"));
        command.addAll(spark);
        command.addAll(job);
        return command;
    }

    private static Script.Result standalone(Path log, List<String> spark, List<String> job) throws Exception {
        return Script.start(log, cluster.environment(), standaloneCommand(spark, job)).await(900);
    }

    /** CIFAR-10 binary layout: a label byte, then 1024 red, 1024 green, 1024 blue bytes; smooth random images. */
    private static Path cifarBatch(Path file, int records, Random random) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int r = 0; r < records; r++) {
            out.write(random.nextInt(10));
            int base = random.nextInt(200);
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 1024; i++) {
                    out.write(base + (i % 32) + c * 10 + random.nextInt(8));
                }
            }
        }
        return Files.write(file, out.toByteArray());
    }

    private static List<EpochMetrics> metrics(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream().skip(1)
                .filter(line -> !line.isBlank()).map(EpochMetrics::fromCsv).toList();
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }
}
