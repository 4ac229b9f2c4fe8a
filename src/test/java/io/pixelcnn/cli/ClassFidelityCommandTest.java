package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.bench.ClassFidelity;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelBytes;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.GridTiles;
import io.pixelcnn.testing.ThreeClasses;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --class-fidelity} end to end on real Spark (local[2]) and real Fashion-MNIST images: a tiny
 * conditional model is trained here by {@code train --conditional} on three classes (every other pixel, 14 x 14),
 * then judged. The figures of so small a model mean nothing; what is checked is that the files appear, the counts
 * add up and the JSON agrees with itself, and that an unfit model stops the run in one line.
 */
class ClassFidelityCommandTest {

    private static final int EVERY = 2;
    private static final int SAMPLES_PER_CLASS = 4;

    @TempDir
    static Path data;
    private static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainATinyConditionalModel() throws Exception {
        ThreeClasses.write(data, "train", 100, EVERY);
        ThreeClasses.write(data, "t10k", 30, EVERY);
        run = data.resolve("run");
        Cli.Result trained = Cli.run("train", "--run-dir", run.toString(), "--conditional",
                "--class-names", String.join(",", ThreeClasses.NAMES),
                "--train-data", data.resolve("train-images-idx3-ubyte.gz").toString(),
                "--test-data", data.resolve("t10k-images-idx3-ubyte.gz").toString(),
                "--hidden", "8", "--blocks", "1", "--batch-size", "16", "--epochs", "1", "--report-samples", "0",
                "--seed", "3");
        assertEquals(ExitCodes.OK, trained.exitCode(), trained.err());
    }

    @Test
    void writesTheFilesAndTheirCountsAddUp() throws Exception {
        Path logs = dir.resolve("logs");
        Cli.Result result = Cli.run("bench", "--class-fidelity", run.toString(), "--data-dir", data.toString(),
                "--fidelity-samples", Integer.toString(SAMPLES_PER_CLASS), "--classifier-epochs", "1",
                "--sample-batch", "5", "--seed", "2", "--log-dir", logs.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        int classes = ThreeClasses.NAMES.size();
        int drawn = SAMPLES_PER_CLASS * classes;
        // a line per batch of 5 while it samples: 5, 10, 12
        assertTrue(result.out().contains("sampled 5 of 12 images") && result.out().contains("sampled 12 of 12 images"),
                result.out());

        JsonNode json = new ObjectMapper().readTree(logs.resolve(ClassFidelity.JSON).toFile());
        assertEquals(ThreeClasses.NAMES, List.of(json.get("classes").get(0).asText(), json.get("classes").get(1).asText(),
                json.get("classes").get(2).asText()));
        assertEquals(drawn, json.get("samples").asInt());
        assertEquals(300, json.get("judge_training_images").asInt(), "all training images by default");
        assertEquals(90, json.get("judge_test_images").asInt(), "all test images by default");
        JsonNode judged = json.get("judged");
        long agreeing = 0;
        long total = 0;
        for (int k = 0; k < classes; k++) {
            long row = 0;
            for (JsonNode count : judged.get(k)) {
                row += count.asLong();
            }
            assertEquals(SAMPLES_PER_CLASS, row, "images drawn in class " + k);
            assertEquals(judged.get(k).get(k).asDouble() / SAMPLES_PER_CLASS, json.get("rate_per_class").get(k).asDouble(),
                    1e-12, "rate of class " + k);
            assertTrue(json.get("judge_recall").get(k).isNumber(), "recall of class " + k);
            agreeing += judged.get(k).get(k).asLong();
            total += row;
        }
        assertEquals(drawn, total);
        assertEquals(agreeing, json.get("agreeing").asLong());
        assertEquals(agreeing / (double) drawn, json.get("rate").asDouble(), 1e-12);
        assertEquals(drawn / json.get("sample_seconds").asDouble(), json.get("images_per_second").asDouble(), 1e-6);
        double accuracy = json.get("judge_accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, "judge accuracy " + accuracy);

        String table = Files.readString(logs.resolve(ClassFidelity.MARKDOWN));
        for (String name : ThreeClasses.NAMES) {
            assertTrue(table.contains("| " + name + " | " + SAMPLES_PER_CLASS + " |"), table);
        }
        assertTrue(table.contains("| all | " + drawn + " | " + agreeing + " |"), table);

        // one row per class, every image of these few drawn
        BufferedImage grid = ImageIO.read(logs.resolve(ClassFidelity.PICTURE).toFile());
        ImageShape shape = new ImageShape(1, FashionMnist.SIDE / EVERY, FashionMnist.SIDE / EVERY);
        assertEquals(GridTiles.side(classes, shape), grid.getHeight());
        assertEquals(GridTiles.side(SAMPLES_PER_CLASS, shape), grid.getWidth());
    }

    @Test
    void anUnconditionalModelIsOneLineBeforeAnyWork() throws Exception {
        Path plain = dir.resolve("plain");
        Files.createDirectories(plain);
        Files.write(plain.resolve(RunDirectory.MODEL), ModelBytes.of(ModelBuilder.build(new ModelConfig(4, 1, 3, 3),
                new ImageShape(1, FashionMnist.SIDE, FashionMnist.SIDE), 1e-3, 1), false, new byte[0]));
        Path logs = dir.resolve("logs");
        Cli.Result result = Cli.run("bench", "--class-fidelity", plain.toString(), "--log-dir", logs.toString());
        assertEquals(ExitCodes.BAD_INPUT, result.exitCode(), result.err());
        assertEquals("error: --class-fidelity " + plain + " is not class-conditional: it needs a model trained with "
                + "--conditional (or a label source)", result.errorLines());
        assertFalse(Files.exists(logs.resolve(ClassFidelity.JSON)));

        Cli.Result missing = Cli.run("bench", "--class-fidelity", dir.resolve("nothing").toString(), "--log-dir",
                logs.toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.exitCode(), missing.err());
        assertEquals("error: --class-fidelity " + dir.resolve("nothing") + ": no such file or directory",
                missing.errorLines());
    }

    @Test
    void aClassOfTheModelThatTheLabelsLackIsOneLineBeforeTheJudgeIsTrained() throws Exception {
        // the same images, the Sandals labelled Bags: the model's Sandal has nothing to teach the judge
        Path relabelled = dir.resolve("relabelled");
        ThreeClasses.Corpus corpus = ThreeClasses.write(relabelled, "train", 20, EVERY);
        ThreeClasses.labelFile(relabelled.resolve("train-labels-idx1-ubyte.gz"),
                corpus.labels().stream().map(label -> Math.min(label, 1)).toList());
        Path logs = dir.resolve("logs");
        Cli.Result result = Cli.run("bench", "--class-fidelity", run.toString(), "--data-dir", relabelled.toString(),
                "--log-dir", logs.toString());
        assertEquals(ExitCodes.BAD_INPUT, result.exitCode(), result.err());
        assertEquals("error: " + relabelled.resolve("train-images-idx3-ubyte.gz") + ": no image of class 'Sandal' "
                + "among the 60 the judge would learn from; the model's classes: Trouser, Bag, Sandal", result.errorLines());
        assertFalse(result.out().contains("judge epoch"), "no judge trained: " + result.out());
        assertFalse(Files.exists(logs.resolve(ClassFidelity.JSON)));
    }
}
