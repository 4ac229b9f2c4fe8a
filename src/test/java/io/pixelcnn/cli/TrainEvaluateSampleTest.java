package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.Causality;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The whole path on real Spark (local[2], two parameter-averaging workers) and real Fashion-MNIST: one
 * training run through the command line ({@link TrainedRun}), then its run directory, report, evaluate
 * and sample.
 */
class TrainEvaluateSampleTest {

    private static final int TRAIN_IMAGES = TrainedRun.TRAIN_IMAGES;
    private static final int EPOCHS = TrainedRun.EPOCHS;

    @TempDir
    static Path dir;
    private static Path run;
    private static Cli.Result training;

    @BeforeAll
    static void train() {
        run = TrainedRun.dir();
        training = TrainedRun.training();
    }

    @Test
    void trainingBringsTestBitsPerDimFromEightToWellBelowFive() throws Exception {
        assertEquals(ExitCodes.OK, training.exitCode(), training.err());
        List<EpochMetrics> metrics = metrics();
        assertEquals(EPOCHS + 1, metrics.size());
        assertEquals(8.0, metrics.get(0).testBitsPerDim(), 1e-9, "the untrained model is uniform");
        double last = metrics.get(EPOCHS).testBitsPerDim();
        assertTrue(last < 4.5, "test bits/dim after training: " + last);
        assertTrue(metrics.get(EPOCHS).trainBitsPerDim() < 4.5);
        assertEquals(TRAIN_IMAGES, metrics.get(EPOCHS).images());
    }

    @Test
    void runDirectoryHoldsWhatTrainPromises() throws Exception {
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.MODEL)));
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            assertTrue(Files.isRegularFile(run.resolve(String.format("checkpoints/epoch-%04d.zip", epoch))));
        }
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(run.resolve(RunDirectory.CONFIG))) {
            config.load(in);
        }
        JobConfig saved = JobConfig.fromProperties(config, "config.properties");
        assertEquals(TrainedRun.HIDDEN, saved.model().hidden());
        assertEquals(TRAIN_IMAGES, saved.data().trainLimit());
        try (var files = Files.list(run)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "temporary files left");
        }
    }

    @Test
    void runReportShowsTheCurveTheSamplesAndTheRunsOwnNumbers() throws Exception {
        byte[] curve = Files.readAllBytes(run.resolve(RunDirectory.CURVE));
        BufferedImage plot = ImageIO.read(new java.io.ByteArrayInputStream(curve));
        assertEquals(640, plot.getWidth());
        assertTrue(distinctColours(plot) > 10, "the plot has axes, text and two coloured series");

        int side = FashionMnist.SIDE;
        for (int epoch = 0; epoch <= EPOCHS; epoch++) {
            BufferedImage grid = ImageIO.read(run.resolve(String.format("samples/epoch-%04d.png", epoch)).toFile());
            assertEquals(3 * 3 * side + 4 * ImageGrid.GUTTER, grid.getWidth(), "3 x 3 grid of 9 samples, enlarged 3x, between gutters");
            assertEquals(3 * 3 * side + 4 * ImageGrid.GUTTER, grid.getHeight());
        }

        String html = Files.readString(run.resolve(RunDirectory.REPORT));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.strip().endsWith("</html>"));
        for (EpochMetrics row : metrics()) {
            assertTrue(html.contains(String.format(java.util.Locale.ROOT, "<td>%.4f</td><td>%.4f</td>",
                    row.trainBitsPerDim(), row.testBitsPerDim())), "metrics row of epoch " + row.epoch());
        }
        assertTrue(html.contains(java.util.Base64.getEncoder().encodeToString(curve)), "the curve, inlined");
        assertEquals(1 + EPOCHS + 1, html.split("data:image/png;base64,", -1).length - 1, "curve and 3 sample grids");
        assertTrue(html.contains("<th class=\"k\">hidden</th><td class=\"k\"><code>" + TrainedRun.HIDDEN + "</code>"), "configuration");
        assertTrue(html.contains(org.apache.spark.package$.MODULE$.SPARK_VERSION()), "the running Spark version");
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void savedModelTakesRawPixelsAndGivesEverySubpixelA256WayDistribution() throws Exception {
        ComputationGraph model = ModelSerializer.restoreComputationGraph(run.resolve("model.zip").toFile(), false);
        INDArray pixels = Batches.pixels(FashionMnist.images(FashionMnist.TEST_IMAGES, 3), new ImageShape(1, 28, 28))
                .castTo(DataType.FLOAT);
        INDArray probabilities = model.outputSingle(pixels);
        assertArrayEquals(new long[]{3, 256, 28, 28}, probabilities.shape());
        INDArray sums = probabilities.sum(1);
        assertEquals(1.0, sums.minNumber().doubleValue(), 1e-4);
        assertEquals(1.0, sums.maxNumber().doubleValue(), 1e-4);
    }

    @Test
    void trainedModelIsCausal() throws Exception {
        ComputationGraph model = ModelSerializer.restoreComputationGraph(run.resolve("model.zip").toFile(), false);
        INDArray image = Batches.pixels(FashionMnist.images(FashionMnist.TEST_IMAGES, 1), new ImageShape(1, 28, 28))
                .castTo(DataType.FLOAT);
        Causality.assertCausal(model, image, 11);
    }

    @Test
    void evaluatePrintsTheSameBitsPerDimAsTheRunsLastEpoch() throws Exception {
        Cli.Result result = Cli.run("evaluate", "--model", run.toString(), "--limit", "500", "--partitions", "3");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        String json = result.out().strip();
        assertEquals(metrics().get(EPOCHS).testBitsPerDim(), number(json, "bits_per_dim"), 1e-5);
        assertEquals(500, number(json, "images"));
        assertEquals(784, number(json, "dims_per_image"));
        assertEquals(3, number(json, "partitions"));
        assertTrue(json.contains("\"bits_per_dim_ci95\": ["), json);
    }

    @Test
    void samplesHaveTheConfiguredSizeAndCountAndAreNotTrainingImages() throws Exception {
        Path grid = dir.resolve("grid.png");
        Path each = dir.resolve("samples");
        Cli.Result result = Cli.run("sample", "--model", run.resolve("model.zip").toString(), "--n", "9",
                "--out", grid.toString(), "--out-dir", each.toString(), "--seed", "3");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());

        BufferedImage gridImage = ImageIO.read(grid.toFile());
        assertEquals(3 * 84 + 4 * ImageGrid.GUTTER, gridImage.getWidth(), "3 x 3 tiles of 28 x 28 enlarged 3x");
        assertEquals(3 * 84 + 4 * ImageGrid.GUTTER, gridImage.getHeight());
        File[] files = each.toFile().listFiles((d, name) -> name.matches("sample-\\d{7}\\.png"));
        assertEquals(9, files.length);
        List<byte[]> training = FashionMnist.images(FashionMnist.TRAIN_IMAGES, TRAIN_IMAGES);
        for (File file : files) {
            BufferedImage sample = ImageIO.read(file);
            assertEquals(28, sample.getWidth());
            assertEquals(28, sample.getHeight());
            byte[] pixels = new byte[784];
            for (int i = 0; i < 784; i++) {
                pixels[i] = (byte) sample.getRaster().getSample(i % 28, i / 28, 0);
            }
            double nearest = training.stream().mapToDouble(t -> meanAbsoluteDifference(pixels, t)).min().orElseThrow();
            assertTrue(nearest > 5, file.getName() + " is within " + nearest + " grey levels of a training image");
        }
    }

    private static double meanAbsoluteDifference(byte[] a, byte[] b) {
        long total = 0;
        for (int i = 0; i < a.length; i++) {
            total += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return total / (double) a.length;
    }

    private static List<EpochMetrics> metrics() throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream()
                .skip(1).filter(line -> !line.isBlank()).map(EpochMetrics::fromCsv).toList();
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
