package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.LogisticMixture;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.model.PixelLogisticMixture;
import io.pixelcnn.testing.GridTiles;
import io.pixelcnn.train.EpochMetrics;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --likelihood logistic-mixture} through the command line on real Spark (local[2], two workers) and
 * real Fashion-MNIST: the run saves its likelihood, the model ends in the mixture's layer, test bits/dim are
 * finite and fall every epoch, and evaluate, score, sample and complete read the model.
 */
class LogisticMixtureRunTest {

    private static final int TEST_IMAGES = 200;

    @TempDir
    static Path dir;
    private static Path run;

    @BeforeAll
    static void train() {
        run = dir.resolve("mixture");
        Cli.Result result = Cli.run("train", "--run-dir", run.toString(), "--likelihood", "logistic-mixture",
                "--mixtures", "5", "--epochs", "2", "--train-limit", "1200", "--test-limit", Integer.toString(TEST_IMAGES),
                "--train-eval-limit", "200", "--hidden", "8", "--blocks", "1", "--workers", "2", "--partitions", "2",
                "--averaging-frequency", "5", "--learning-rate", "0.008", "--report-samples", "0", "--seed", "11",
                "--learning-rate-warmup-steps", "0"); // 38 steps in all: train's default warm-up would take them all
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    }

    @Test
    void theRunSavesItsLikelihoodAndTheModelEndsInTheMixture() throws Exception {
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(run.resolve(RunDirectory.CONFIG))) {
            saved.load(in);
        }
        assertEquals("logistic-mixture", saved.getProperty(JobConfig.LIKELIHOOD));
        assertEquals("5", saved.getProperty(JobConfig.MIXTURES));
        assertEquals(new LogisticMixture(5), JobConfig.fromProperties(saved, "config.properties").model().likelihood());
        ComputationGraph model = ModelSerializer.restoreComputationGraph(run.resolve(RunDirectory.MODEL).toFile(), false);
        LayerVertex output = (LayerVertex) model.getConfiguration().getVertices().get(ModelGraph.OUTPUT);
        PixelLogisticMixture layer = assertInstanceOf(PixelLogisticMixture.class, output.getLayerConf().getLayer());
        assertEquals(5, layer.getComponents());
        assertEquals(15, model.getLayer(ModelGraph.LOGITS).getParam("b").length(), "3 x 5 parameters per sub-pixel");
    }

    @Test
    void testBitsPerDimAreFiniteAndFallEveryEpoch() throws Exception {
        List<EpochMetrics> metrics = Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream()
                .skip(1).filter(line -> !line.isBlank()).map(EpochMetrics::fromCsv).toList();
        assertEquals(3, metrics.size());
        for (EpochMetrics epoch : metrics) {
            assertTrue(Double.isFinite(epoch.testBitsPerDim()), epoch.toString());
        }
        // a fresh mixture is not the uniform distribution: its edge bins take the tails, and most pixels are 0
        assertTrue(metrics.get(0).testBitsPerDim() > 5 && metrics.get(0).testBitsPerDim() < 8.5, metrics.toString());
        assertTrue(metrics.get(1).testBitsPerDim() < metrics.get(0).testBitsPerDim() - 1, metrics.toString());
        assertTrue(metrics.get(2).testBitsPerDim() < metrics.get(1).testBitsPerDim(), metrics.toString());
        assertTrue(metrics.get(2).testBitsPerDim() < 4.5, "as the softmax families reach in ModelFamilyRunsTest: "
                + metrics);
    }

    @Test
    void evaluateScoreSampleAndCompleteReadTheModel() throws Exception {
        Cli.Result evaluation = Cli.run("evaluate", "--model", run.toString(), "--limit", Integer.toString(TEST_IMAGES),
                "--partitions", "2");
        assertEquals(ExitCodes.OK, evaluation.exitCode(), evaluation.err());
        double lastEpoch = EpochMetrics.fromCsv(Files.readAllLines(run.resolve(RunDirectory.METRICS)).get(3)).testBitsPerDim();
        assertEquals(lastEpoch, number(evaluation.out(), "bits_per_dim"), 1e-5);

        Cli.Result score = Cli.run("score", "--model", run.toString(), "--limit", "30", "--out",
                dir.resolve("scores").toString(), "--format", "csv");
        assertEquals(ExitCodes.OK, score.exitCode(), score.err());
        assertEquals(30, number(score.out(), "images"));

        Path samples = dir.resolve("samples.png");
        Cli.Result sample = Cli.run("sample", "--model", run.toString(), "--n", "2", "--out", samples.toString(),
                "--seed", "5");
        assertEquals(ExitCodes.OK, sample.exitCode(), sample.err());
        assertEquals(GridTiles.side(1, new ImageShape(1, 28, 28)), ImageIO.read(samples.toFile()).getHeight(),
                "one row of two tiles enlarged between gutters");

        Path completions = dir.resolve("completions.png");
        Cli.Result complete = Cli.run("complete", "--model", run.toString(), "--n", "1", "--keep-rows", "26",
                "--out", completions.toString(), "--seed", "6");
        assertEquals(ExitCodes.OK, complete.exitCode(), complete.err());
        assertEquals(GridTiles.side(3, new ImageShape(1, 28, 28)), ImageIO.read(completions.toFile()).getWidth(),
                "original | occluded | completed");
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": ?([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
