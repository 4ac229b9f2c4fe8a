package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code evaluate} and {@code score} on a class-conditional model trained by {@code train --conditional} on
 * real Fashion-MNIST: the likelihood of each test image given its own label (the IDX label file beside the
 * images), equal to the model's NLL computed here on the driver with each image's one-hot, and not the NLL
 * under a wrong class; data without labels is one line.
 */
class ConditionalEvaluateTest {

    private static final int IMAGES = 100;
    private static final int CLASSES = 10;
    private static final int DIMS = FashionMnist.SIDE * FashionMnist.SIDE;
    private static final double TOLERANCE_NATS = 0.05;

    @TempDir
    static Path shared;
    private static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainAConditionalModel() {
        run = shared.resolve("run");
        Cli.Result result = Cli.run("train", "--run-dir", run.toString(), "--conditional",
                "--train-data", FashionMnist.TRAIN_IMAGES.toString(), "--test-data", FashionMnist.TEST_IMAGES.toString(),
                "--train-limit", "600", "--test-limit", "200", "--train-eval-limit", "100", "--hidden", "8",
                "--blocks", "1", "--epochs", "1", "--learning-rate", "0.01", "--report-samples", "0", "--seed", "3",
                "--learning-rate-warmup-steps", "0"); // fewer steps than train's default warm-up of 50
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    }

    @Test
    void evaluateIsTheNllOfEachImageGivenItsOwnClass() throws Exception {
        Cli.Result result;
        String log;
        try (LogCapture capture = new LogCapture()) {
            result = Cli.run("evaluate", "--model", run.toString(), "--limit", String.valueOf(IMAGES));
            log = capture.text();
        }
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        // sample's progress lines: the last counts every image the executors scored, once
        assertTrue(log.contains("evaluate  " + IMAGES + "/" + IMAGES + " images  "), "progress line: " + log);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(IMAGES, json.get("images").asInt());

        int[] labels = testLabels();
        double ownClass = sum(nllByHand(labels));
        double evaluated = json.get("nll_nats_total").asDouble();
        // float32 scores in batches of other sizes on the executors: equal to a few thousandths of a nat
        assertEquals(ownClass, evaluated, TOLERANCE_NATS, "evaluate's total NLL is the model's, each image given its own label");
        assertEquals(ownClass / (IMAGES * DIMS * Math.log(2)), json.get("bits_per_dim").asDouble(), 1e-5);

        int[] wrong = new int[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            wrong[i] = (labels[i] + 1) % CLASSES;
        }
        double wrongClass = sum(nllByHand(wrong));
        assertTrue(wrongClass - evaluated > 100 * TOLERANCE_NATS, "evaluate's is the NLL given the own class, "
                + "lower than under a wrong one: " + evaluated + " nats, a wrong class " + wrongClass);
    }

    @Test
    void scoreGivesEachImageItsClassAndItsNllGivenIt() throws Exception {
        Path table = dir.resolve("scores.csv");
        Cli.Result result = Cli.run("score", "--model", run.toString(), "--limit", String.valueOf(IMAGES),
                "--out", table.toString(), "--format", "csv", "--top", "3");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        JsonNode leastLikely = new ObjectMapper().readTree(result.out()).get("least_likely");
        assertEquals(List.of(), HelpFields.unexplained(result.out().strip(), Cli.run("score", "--help").out()));
        List<String> lines = Files.readAllLines(table);
        assertEquals("image,class,bits_per_dim,nll_nats", lines.get(0));
        assertEquals(IMAGES + 1, lines.size());

        List<String> names = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                "Sneaker", "Bag", "Ankle boot");
        int[] labels = testLabels();
        double[] byHand = nllByHand(labels);
        for (String line : lines.subList(1, lines.size())) {
            String[] row = line.split(",");
            int index = Integer.parseInt(row[0].substring(row[0].lastIndexOf('#') + 1));
            assertEquals(names.get(labels[index]), row[1], "the class of image " + index + " from the label file");
            assertEquals(byHand[index], Double.parseDouble(row[3]), TOLERANCE_NATS / IMAGES, "image " + index + "'s NLL given its class");
        }
        // the summary's least likely images name the class each was scored given, the table's (and the file's)
        assertEquals(3, leastLikely.size(), result.out());
        for (JsonNode entry : leastLikely) {
            String image = entry.get("image").asText();
            int index = Integer.parseInt(image.substring(image.lastIndexOf('#') + 1));
            assertEquals(names.get(labels[index]), entry.get("class").asText(), result.out());
        }
    }

    @Test
    void aConditionalModelGivenImagesWithoutLabelsIsOneLine() throws Exception {
        Path alone = Files.copy(FashionMnist.TEST_IMAGES, dir.resolve("t10k-images-idx3-ubyte.gz"));
        Cli.Result result = Cli.run("evaluate", "--model", run.toString(), "--data", alone.toString(), "--limit", "10");
        assertEquals(ExitCodes.BAD_INPUT, result.exitCode(), result.err());
        List<String> lines = result.errorLines().lines().toList();
        assertEquals(1, lines.size(), result.errorLines());
        assertTrue(lines.get(0).contains(alone.getFileName().toString()), lines.get(0));
    }

    /** The first {@link #IMAGES} labels of Fashion-MNIST's test set, read straight from the IDX label file. */
    private static int[] testLabels() throws Exception {
        byte[] raw = FashionMnist.gunzip(FashionMnist.DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        int[] labels = new int[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            labels[i] = raw[8 + i];
        }
        return labels;
    }

    /** Each of the first test images' NLL under the run's model given {@code classes}, on the driver with DL4J alone. */
    private static double[] nllByHand(int[] classes) throws Exception {
        ComputationGraph model = ModelSerializer.restoreComputationGraph(run.resolve("model.zip").toFile(), false);
        List<byte[]> images = FashionMnist.images(FashionMnist.TEST_IMAGES, IMAGES);
        INDArray pixels = Nd4j.create(DataType.UINT8, IMAGES, 1, FashionMnist.SIDE, FashionMnist.SIDE);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, IMAGES, CLASSES);
        for (int i = 0; i < IMAGES; i++) {
            for (int p = 0; p < DIMS; p++) {
                pixels.putScalar(new long[]{i, 0, p / FashionMnist.SIDE, p % FashionMnist.SIDE}, images.get(i)[p] & 0xff);
            }
            oneHot.putScalar(i, classes[i], 1f);
        }
        return model.scoreExamples(new MultiDataSet(new INDArray[]{pixels, oneHot}, new INDArray[]{pixels}), false)
                .castTo(DataType.DOUBLE).toDoubleVector();
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }
}
