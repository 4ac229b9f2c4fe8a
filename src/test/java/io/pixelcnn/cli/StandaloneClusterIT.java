package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageData;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.ReadCounter;
import io.pixelcnn.testing.StandaloneCluster;
import io.pixelcnn.testing.TestImages;
import io.pixelcnn.train.EpochMetrics;
import io.pixelcnn.train.SparkTrainer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real Spark standalone cluster on loopback: a Master and two Workers in their own JVMs,
 * executors in their own JVMs, the cluster jar submitted with submit/standalone.sh (spark-submit's
 * SparkSubmit), and the faults clusters have.
 */
class StandaloneClusterIT {

    /** Small enough to train 60,000 images in a couple of minutes on two one-core executors. */
    private static final List<String> SMALL_MODEL = List.of("--hidden", "8", "--blocks", "1", "--workers", "2",
            "--seed", "7", "--train-eval-limit", "1000");
    private static final int MANY_FILES = 200_000;
    private static final List<String> CAPPED_DRIVER = List.of("--spark", "--driver-memory", "512m",
            "--conf", "spark.executor.memory=1g", "--");

    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;
    private static Path cleanRun;
    private static Script.Result cleanTraining;

    @BeforeAll
    static void startClusterAndTrainOnSixtyThousandImages() throws Exception {
        cluster = StandaloneCluster.start(Path.of("target/spark-home"), dir.resolve("cluster"), 2, 3072);
        cleanRun = dir.resolve("clean");
        cleanTraining = standalone(dir.resolve("clean.log"), CAPPED_DRIVER,
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

    @Test
    void executorKilledDuringTrainingIsRetriedAndTheRunEndsWithinNoiseOfACleanRun() throws Exception {
        assertEquals(0, cleanTraining.exitCode(), cleanTraining.output());
        Path run = dir.resolve("executor-killed");
        Script training = Script.start(dir.resolve("executor-killed.log"), cluster.environment(),
                standaloneCommand(CAPPED_DRIVER, train(run, "--epochs", "1", "--test-limit", "2000")));
        training.awaitOutput("epoch 0/1", 180);
        Thread.sleep(15_000); // into the epoch's parameter averaging rounds
        List<ProcessHandle> executors = StandaloneCluster.executors();
        assertFalse(executors.isEmpty(), "no executor to kill");
        assertTrue(executors.get(0).destroyForcibly());
        Script.Result result = training.await(600);

        assertEquals(0, result.exitCode(), result.output());
        assertFalse(result.output().indexOf("epoch 1/1") < 0, result.output());
        double clean = metrics(cleanRun).get(1).testBitsPerDim();
        double recovered = metrics(run).get(1).testBitsPerDim();
        assertEquals(clean, recovered, 0.05, "clean run " + clean + ", run that lost an executor " + recovered);
    }

    @Test
    void driverKilledDuringTrainingResumesFromItsLastCompleteCheckpoint() throws Exception {
        Path run = dir.resolve("driver-killed");
        Script training = Script.start(dir.resolve("driver-killed.log"), cluster.environment(),
                standaloneCommand(CAPPED_DRIVER, train(run, "--epochs", "3", "--train-limit", "6000", "--test-limit", "500")));
        Path checkpoint = run.resolve("checkpoints/epoch-0001.zip");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(checkpoint) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(Files.exists(checkpoint), "no first checkpoint: " + training.output());
        training.process().descendants().forEach(ProcessHandle::destroyForcibly);
        training.process().destroyForcibly();
        training.process().waitFor(60, TimeUnit.SECONDS);
        assertFalse(Files.exists(run.resolve(RunDirectory.MODEL)), "the driver finished before it was killed");

        Script.Result resumed = standalone(dir.resolve("driver-resumed.log"), CAPPED_DRIVER,
                List.of("train", "--resume", run.toString()));
        assertEquals(0, resumed.exitCode(), resumed.output());
        assertTrue(resumed.output().contains("resuming after epoch"), resumed.output());
        assertTrue(Files.exists(run.resolve(RunDirectory.MODEL)));
        List<EpochMetrics> metrics = metrics(run);
        assertEquals(List.of(0, 1, 2, 3), metrics.stream().map(EpochMetrics::epoch).toList());
    }

    @Test
    void trainsFromAFolderOfPngFilesWithTheDriverHeapCapped() throws Exception {
        Path train = dir.resolve("png/train");
        Path test = dir.resolve("png/test");
        for (int i = 0; i < 240; i++) {
            TestImages.colourPng((i < 180 ? train : test).resolve("img-" + i + ".png"), 16, 16, i);
        }
        Path run = dir.resolve("png-run");
        Script.Result result = standalone(dir.resolve("png.log"), CAPPED_DRIVER,
                List.of("train", "--run-dir", run.toString(), "--train-data", train.toString(), "--test-data", test.toString(),
                        "--channels", "3", "--hidden", "6", "--blocks", "1", "--epochs", "1", "--batch-size", "16",
                        "--averaging-frequency", "2", "--workers", "2"));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("180 training and 60 test images of 16x16 with 3 channels"), result.output());
        assertTrue(metrics(run).get(1).testBitsPerDim() < 8.0);
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
        List<String> spark = List.of("--spark", "--driver-memory", "512m", "--conf", "spark.executor.memory=1g",
                "--conf", "spark.extraListeners=" + ReadCounter.class.getName(), "--conf", ReadCounter.OUT + "=" + reads,
                "--driver-class-path", Path.of("target/test-classes").toAbsolutePath().toString(), "--");
        Script.Result result = standalone(dir.resolve("many.log"), spark, List.of("train", "--run-dir", run.toString(),
                "--train-data", corpus.toString(), "--test-data", test.toString(), "--hidden", "2", "--blocks", "0",
                "--epochs", "1", "--batch-size", "128", "--averaging-frequency", "20", "--workers", "2",
                "--train-eval-limit", "1000", "--report-samples", "0"));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(MANY_FILES, metrics(run).get(1).images());
        result.output().lines().filter(line -> line.contains("listed on the executors") || line.contains("images read and")
                || line.contains("images/s")).forEach(line -> System.out.println("200k files: " + line));

        // a SparkListener in the driver: named accumulators of successful tasks, by job description
        Map<String, Long> sums = ReadCounter.read(reads);
        String read = ImageData.READ_COUNTER + corpus;
        assertEquals(Map.of("read " + corpus + " | " + read, (long) MANY_FILES),
                sums.entrySet().stream().filter(e -> e.getKey().endsWith(" | " + read))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "every file read once, all of them while the data was read, none during the epoch: " + sums);
        assertEquals((long) MANY_FILES, sums.get("epoch 1: train | epoch 1" + SparkTrainer.BATCHED_COUNTER),
                "the epoch put each image into a minibatch once: " + sums);
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

    /** A script run as a separate process, its output going to a log file. */
    record Script(Process process, Path log) {

        record Result(int exitCode, String output) {
        }

        static Script start(Path log, java.util.Map<String, String> env, List<String> command) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return new Script(builder.start(), log);
        }

        String output() {
            return read(log);
        }

        void awaitOutput(String text, int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!output().contains(text)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("never printed '" + text + "':\n" + output());
                }
                Thread.sleep(200);
            }
        }

        Result await(int seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + seconds + " s:\n" + output());
            }
            return new Result(process.exitValue(), output());
        }
    }
}
