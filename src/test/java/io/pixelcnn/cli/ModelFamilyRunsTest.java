package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.testing.Causality;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The second model family and the Gated PixelCNN through the command line, on real Spark (local[2], two
 * parameter-averaging workers) and real Fashion-MNIST, as the PixelCNN is in {@link TrainEvaluateSampleTest}
 * and {@link ResumeTest}: each family trains from 8 bits/dim to well below 5, 1 epoch + {@code --resume}
 * ends exactly where 2 epochs end, and every command reads the model. Each family's three runs are made
 * once and shared by its tests.
 */
class ModelFamilyRunsTest {

    /** No warm-up: these runs have fewer steps than train's default warm-up of 50. */
    private static final String[] SMALL = {"--train-limit", "1200", "--test-limit", "200", "--train-eval-limit", "200",
            "--hidden", "8", "--blocks", "1", "--workers", "2", "--partitions", "2", "--averaging-frequency", "5",
            "--learning-rate", "0.008", "--learning-rate-warmup-steps", "0", "--report-samples", "0", "--seed", "11",
            // the rate must not depend on --epochs: 1 epoch + --resume to 2 is compared with 2 in one go
            "--learning-rate-schedule", "constant"};
    private static final int TEST_IMAGES = 200;

    @TempDir
    static Path dir;
    private static final Map<ModelFamily, Runs> RUNS = new EnumMap<>(ModelFamily.class);

    /** Two epochs in one go, and one epoch resumed to two. */
    private record Runs(Path whole, Path split) {
    }

    @ParameterizedTest
    @EnumSource(value = ModelFamily.class, names = {"GATED_PIXELCNN", "ROW_LSTM", "DIAGONAL_BILSTM"})
    void trainingTakesTestBitsPerDimFromEightToWellBelowFive(ModelFamily family) throws Exception {
        List<EpochMetrics> metrics = metrics(runs(family).whole());
        assertEquals(3, metrics.size());
        assertEquals(8.0, metrics.get(0).testBitsPerDim(), 1e-9, "the untrained model is uniform");
        assertTrue(metrics.get(1).testBitsPerDim() < metrics.get(0).testBitsPerDim());
        double last = metrics.get(2).testBitsPerDim();
        assertTrue(last < 4.5, family + ": test bits/dim after 2 epochs: " + last);
        assertTrue(last < metrics.get(1).testBitsPerDim(), family + " still improving in epoch 2");
    }

    @ParameterizedTest
    @EnumSource(value = ModelFamily.class, names = {"GATED_PIXELCNN", "ROW_LSTM", "DIAGONAL_BILSTM"})
    void oneEpochAndResumeEndExactlyWhereTwoEpochsEnd(ModelFamily family) throws Exception {
        Runs runs = runs(family);
        INDArray expected = model(runs.whole()).params();
        INDArray actual = model(runs.split()).params();
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 0.0, family + ": parameters differ");
        assertEquals(testColumn(runs.whole()), testColumn(runs.split()));
    }

    @ParameterizedTest
    @EnumSource(value = ModelFamily.class, names = {"GATED_PIXELCNN", "ROW_LSTM", "DIAGONAL_BILSTM"})
    void theRunSavesItsFamilyAndTheModelKeepsTheContract(ModelFamily family) throws Exception {
        Path run = runs(family).whole();
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(run.resolve(RunDirectory.CONFIG))) {
            saved.load(in);
        }
        assertEquals(family.key(), saved.getProperty(JobConfig.FAMILY));
        assertEquals(family, JobConfig.fromProperties(saved, "config.properties").model().family());

        ComputationGraph model = model(run);
        ImageShape shape = new ImageShape(1, FashionMnist.SIDE, FashionMnist.SIDE);
        assertEquals(shape, ModelGraph.imageShape(model.getConfiguration()));
        INDArray pixels = Batches.pixels(FashionMnist.images(FashionMnist.TEST_IMAGES, 2), shape).castTo(DataType.FLOAT);
        INDArray probabilities = model.outputSingle(pixels);
        assertArrayEquals(new long[]{2, 256, 28, 28}, probabilities.shape());
        INDArray sums = probabilities.sum(1);
        assertEquals(1.0, sums.minNumber().doubleValue(), 1e-4);
        assertEquals(1.0, sums.maxNumber().doubleValue(), 1e-4);
        Causality.assertCausal(model, pixels.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()).dup(), 13);
    }

    @ParameterizedTest
    @EnumSource(value = ModelFamily.class, names = {"GATED_PIXELCNN", "ROW_LSTM", "DIAGONAL_BILSTM"})
    void evaluateScoreSampleAndCompleteReadTheModel(ModelFamily family) throws Exception {
        Path run = runs(family).whole();
        Cli.Result evaluation = Cli.run("evaluate", "--model", run.toString(), "--limit", Integer.toString(TEST_IMAGES),
                "--partitions", "2");
        assertEquals(ExitCodes.OK, evaluation.exitCode(), evaluation.err());
        assertEquals(metrics(run).get(2).testBitsPerDim(), number(evaluation.out(), "bits_per_dim"), 1e-5);

        Path table = dir.resolve(family.key() + "-scores");
        Cli.Result score = Cli.run("score", "--model", run.toString(), "--limit", "30", "--out", table.toString(),
                "--format", "csv");
        assertEquals(ExitCodes.OK, score.exitCode(), score.err());
        assertEquals(30, number(score.out(), "images"));

        Path samples = dir.resolve(family.key() + "-samples.png");
        Cli.Result sample = Cli.run("sample", "--model", run.toString(), "--n", "1", "--out", samples.toString(),
                "--seed", "5");
        assertEquals(ExitCodes.OK, sample.exitCode(), sample.err());
        BufferedImage grid = ImageIO.read(samples.toFile());
        assertEquals(84 + 2 * ImageGrid.GUTTER, grid.getWidth(), "one 28 x 28 image enlarged 3x, in a border");
        assertEquals(84 + 2 * ImageGrid.GUTTER, grid.getHeight());

        Path completions = dir.resolve(family.key() + "-completions.png");
        Cli.Result complete = Cli.run("complete", "--model", run.toString(), "--n", "1", "--keep-rows", "26",
                "--out", completions.toString(), "--seed", "6");
        assertEquals(ExitCodes.OK, complete.exitCode(), complete.err());
        assertEquals(3 * 84 + 4 * ImageGrid.GUTTER, ImageIO.read(completions.toFile()).getWidth(), "original | occluded | completed");
    }

    private static synchronized Runs runs(ModelFamily family) {
        return RUNS.computeIfAbsent(family, f -> {
            Path whole = dir.resolve(f.key() + "-whole");
            Path split = dir.resolve(f.key() + "-split");
            train(f, whole, "2");
            train(f, split, "1");
            Cli.Result resumed = Cli.run("train", "--resume", split.toString(), "--epochs", "2", "--report-samples", "0");
            assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
            return new Runs(whole, split);
        });
    }

    private static void train(ModelFamily family, Path run, String epochs) {
        String[] args = new String[7 + SMALL.length];
        System.arraycopy(new String[]{"train", "--run-dir", run.toString(), "--family", family.key(), "--epochs", epochs},
                0, args, 0, 7);
        System.arraycopy(SMALL, 0, args, 7, SMALL.length);
        Cli.Result result = Cli.run(args);
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    }

    private static ComputationGraph model(Path run) throws Exception {
        return ModelSerializer.restoreComputationGraph(run.resolve(RunDirectory.MODEL).toFile(), false);
    }

    private static List<EpochMetrics> metrics(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream()
                .skip(1).filter(line -> !line.isBlank()).map(EpochMetrics::fromCsv).toList();
    }

    /** epoch and train and test bits/dim of every metrics row (timings differ between runs). */
    private static List<String> testColumn(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream().skip(1)
                .map(line -> line.split(",")).map(f -> f[0] + "," + f[1] + "," + f[2]).toList();
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": ?([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
