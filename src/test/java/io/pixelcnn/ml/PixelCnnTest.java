package io.pixelcnn.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.cli.Main;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import io.pixelcnn.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML front door against the command line, on Spark local[2] and real Fashion-MNIST PNG files
 * the test writes: a run {@code train} wrote loads as a {@link PixelCnnModel} whose {@code transform} gives
 * {@code score}'s per-image figures and {@code evaluate}'s mean, whose {@code sample} gives {@code sample
 * --out-dir}'s images, and whose saved directory {@code evaluate} takes; {@code fit} trains on each of the
 * four layouts of an image column; Params, Pipelines and CrossValidator behave as Spark ML's own.
 */
class PixelCnnTest {

    private static final int IMAGES = 64;
    private static final long SEED = 7;
    private static final int SAMPLES = 6;
    private static final int SAMPLE_BATCH = 4;

    @TempDir
    static Path dir;
    private static Path images;
    private static Path run;
    private static Path saved;
    private static double evaluated;
    private static double evaluatedSaved;
    private static JavaSparkContext sc;
    private static SparkSession spark;

    /** The command line first, each command with a Spark context of its own; then the session of the tests. */
    @BeforeAll
    static void trainScoreEvaluateAndSampleThroughTheCommandLine() throws Exception {
        images = dir.resolve("images");
        List<byte[]> pixels = FashionMnist.images(FashionMnist.TEST_IMAGES, IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            TestImages.grayPng(images.resolve(String.format("img-%02d.png", i)), pixels.get(i), FashionMnist.SIDE,
                    FashionMnist.SIDE);
        }
        run = dir.resolve("run");
        cli("train", "--run-dir", run.toString(), "--train-limit", "200", "--test-limit", "64", "--train-eval-limit",
                "64", "--epochs", "1", "--hidden", "8", "--blocks", "1", "--workers", "2", "--batch-size", "16",
                "--averaging-frequency", "2", "--learning-rate", "0.01", "--report-samples", "0");
        cli("score", "--model", run.toString(), "--data", images.toString(), "--out", dir.resolve("scores").toString());
        evaluated = bitsPerDim(cli("evaluate", "--model", run.toString(), "--data", images.toString()));
        cli("sample", "--model", run.toString(), "--n", Integer.toString(SAMPLES), "--sample-batch",
                Integer.toString(SAMPLE_BATCH), "--seed", Long.toString(SEED), "--out-dir",
                dir.resolve("samples").toString(), "--format", "parquet");
        startSpark();
        saved = dir.resolve("saved");
        PixelCnnModel.load(run.toString()).setBatchSize(8).write().save(saved.toString());
        sc.close();
        // the other way round: a saved model is a --model for the command line
        evaluatedSaved = bitsPerDim(cli("evaluate", "--model", saved.toString(), "--data", images.toString()));
        startSpark();
    }

    @AfterAll
    static void stopSpark() {
        sc.close();
    }

    @Test
    void aRunTrainWroteTransformsToScoresPerImageAndEvaluatesMean() {
        PixelCnnModel model = PixelCnnModel.load(run.toString());
        Dataset<Row> scored = model.transform(files());
        Map<String, Double> ours = byFile(scored, "path");
        Map<String, Double> score = byFile(spark.read().parquet(dir.resolve("scores").toString()), "image");
        assertEquals(IMAGES, ours.size());
        assertEquals(score.keySet(), ours.keySet());
        score.forEach((file, bits) -> assertEquals(bits, ours.get(file), 1e-6, file));
        // evaluate prints six decimals
        assertEquals(evaluated, new BitsPerDimEvaluator().evaluate(scored), 1e-6);
    }

    @Test
    void sampleMakesTheImagesOfSampleOutDirByteForByte() {
        PixelCnnModel model = PixelCnnModel.load(run.toString()).setSampleBatch(SAMPLE_BATCH);
        List<Row> ours = model.sample(SAMPLES, SEED).orderBy("index").collectAsList();
        List<Row> cli = spark.read().parquet(dir.resolve("samples").toString()).orderBy("index").collectAsList();
        assertEquals(SAMPLES, ours.size());
        assertEquals(SAMPLES, cli.size());
        for (int i = 0; i < SAMPLES; i++) {
            assertEquals(cli.get(i).getLong(0), ours.get(i).getLong(0));
            assertEquals(cli.get(i).getLong(1), ours.get(i).getLong(1));
            assertArrayEquals((byte[]) cli.get(i).get(2), (byte[]) ours.get(i).get(2), "image " + i);
        }
    }

    @Test
    void aSavedModelLoadsWithItsParamsAndScoresAlikeAndEvaluateTakesIt() throws Exception {
        PixelCnnModel original = PixelCnnModel.load(run.toString());
        PixelCnnModel loaded = PixelCnnModel.load(saved.toString());
        assertEquals(8, loaded.getBatchSize());
        assertEquals(byFile(original.transform(files()), "path"), byFile(loaded.transform(files()), "path"));
        assertEquals(evaluated, evaluatedSaved, 0.0);
        // write().overwrite() replaces a saved model; save without it refuses
        loaded.setBatchSize(5).write().overwrite().save(saved.toString());
        assertEquals(5, PixelCnnModel.load(saved.toString()).getBatchSize());
        assertThrows(java.io.IOException.class, () -> loaded.save(saved.toString()));
    }

    @Test
    void anEstimatorSavesAndLoadsWithEveryParam() throws Exception {
        PixelCnn estimator = new PixelCnn().setEpochs(3).setHidden(4).setLearningRate(0.005).setImageSize("14x14")
                .setInputCol("png");
        String path = dir.resolve("estimator").toString();
        estimator.write().overwrite().save(path);
        PixelCnn loaded = PixelCnn.load(path);
        assertEquals(estimator.uid(), loaded.uid());
        for (Param<?> param : estimator.params()) {
            assertEquals(estimator.getOrDefault(param), loaded.getOrDefault(loaded.getParam(param.name())), param.name());
        }
        assertEquals(3, (Integer) loaded.getOrDefault(loaded.epochs()));
    }

    @Test
    void fitTrainsOnEachOfTheFourLayoutsOfAnImageColumn() throws Exception {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.write(broken.resolve("broken.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        Dataset<Row> files = files();
        Map<String, Dataset<Row>> layouts = Map.of(
                "binaryFile", files,
                "binary", files.select(col("content").as("image")),
                "huggingface", files.select(struct(col("content").as("bytes"), col("path")).as("image")),
                "imagesource", spark.read().format("image").option("dropInvalid", false)
                        .load(images.toString(), broken.toString()));
        for (Map.Entry<String, Dataset<Row>> layout : layouts.entrySet()) {
            Path checkpoints = dir.resolve("fit-" + layout.getKey());
            PixelCnnModel model = tiny().setCheckpointDir(checkpoints.toString()).setMode("DROPMALFORMED")
                    .setMaxMalformed(0.1).fit(layout.getValue());
            assertEquals(28, model.imageShape().height(), layout.getKey());
            List<String> metrics = Files.readAllLines(checkpoints.resolve(RunDirectory.METRICS));
            String[] untrained = metrics.get(1).split(",");
            String[] trained = metrics.get(2).split(",");
            // every image, and only the images, trained on (the broken file dropped); and it learned from them
            assertEquals(IMAGES, Long.parseLong(trained[4]), layout.getKey() + ": " + metrics);
            assertTrue(Double.parseDouble(trained[2]) < Double.parseDouble(untrained[2]) - 0.05,
                    layout.getKey() + ": " + metrics);
        }
    }

    @Test
    void crossValidatorPicksTheBetterLearningRateAndThePipelineModelSavesAndLoads() throws Exception {
        PixelCnn estimator = tiny();
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[]{estimator});
        ParamMap[] grid = new ParamGridBuilder().addGrid(estimator.learningRate(), new double[]{1e-7, 0.02}).build();
        CrossValidator validator = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(new BitsPerDimEvaluator()).setNumFolds(2).setSeed(SEED);
        CrossValidatorModel chosen = validator.fit(files());
        double[] metrics = chosen.avgMetrics();
        assertTrue(metrics[1] < metrics[0] - 0.05, java.util.Arrays.toString(metrics));
        PipelineModel best = (PipelineModel) chosen.bestModel();
        PixelCnnModel model = (PixelCnnModel) best.stages()[0];
        assertEquals(0.02, (Double) ((PixelCnn) model.parent()).getOrDefault(estimator.learningRate()), 0.0);

        String path = dir.resolve("pipeline-model").toString();
        best.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertEquals(byFile(best.transform(files()), "path"), byFile(loaded.transform(files()), "path"));
        String pipelinePath = dir.resolve("pipeline").toString();
        pipeline.write().overwrite().save(pipelinePath);
        PixelCnn stage = (PixelCnn) Pipeline.load(pipelinePath).getStages()[0];
        assertEquals(estimator.getOrDefault(estimator.hidden()), stage.getOrDefault(stage.hidden()));
    }

    @Test
    void aBadParamIsRefusedWithTheConfigurationsReasonNamingTheParam() {
        PixelCnn estimator = new PixelCnn();
        assertRefused(() -> estimator.setEpochs(0), "parameter epochs given invalid value 0: epochs must be at least 1, got 0");
        assertRefused(() -> estimator.setFamily("resnet"), "parameter family given invalid value resnet");
        assertRefused(() -> estimator.setLearningRate(-1), "learning-rate must be positive, got -1.0");
        assertRefused(() -> estimator.setLearningRateWarmupSteps(-1), "learning-rate-warmup-steps must not be negative, got -1");
        assertRefused(() -> estimator.setChannels(2), "parameter channels given invalid value 2: channels must be 1 or 3, got 2");
        assertRefused(() -> estimator.setImageSize("28"), "parameter imageSize given invalid value 28");
        assertRefused(() -> estimator.setMode("PERMISSIVE"), "parameter mode given invalid value PERMISSIVE");
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                () -> estimator.setInputCol("pixels").transformSchema(files().schema()));
        assertTrue(column.getMessage().startsWith("inputCol: the DataFrame: no column 'pixels'"), column.getMessage());
    }

    private static void assertRefused(Runnable set, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, set::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** The smallest model that learns something from 64 images in one epoch (4 steps: no warm-up). */
    private static PixelCnn tiny() {
        return new PixelCnn().setHidden(4).setBlocks(1).setEpochs(1).setBatchSize(8).setAveragingFrequency(2)
                .setWorkers(2).setLearningRate(0.02).setLearningRateWarmupSteps(0).setSeed(SEED);
    }

    private static Dataset<Row> files() {
        return spark.read().format("binaryFile").load(images.toString());
    }

    private static Map<String, Double> byFile(Dataset<Row> scored, String nameColumn) {
        Map<String, Double> byFile = new HashMap<>();
        for (Row row : scored.select(nameColumn, "bits_per_dim").collectAsList()) {
            String name = row.getString(0);
            byFile.put(name.substring(name.lastIndexOf('/') + 1), row.getDouble(1));
        }
        return byFile;
    }

    private static void startSpark() {
        sc = LocalSpark.start("pixelcnn-ml-test");
        spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    /** Runs a command in this JVM and returns what it printed, failing the test on a non-zero exit. */
    private static String cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, String.join(" ", args) + ": " + text);
        return text;
    }

    private static double bitsPerDim(String json) {
        Matcher m = Pattern.compile("\"bits_per_dim\": ([0-9.]+)").matcher(json);
        assertTrue(m.find(), json);
        return Double.parseDouble(m.group(1));
    }

}
