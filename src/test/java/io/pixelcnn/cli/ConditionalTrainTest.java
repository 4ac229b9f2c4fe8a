package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.testing.Corpus;
import io.pixelcnn.testing.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code train --conditional} end to end on real Fashion-MNIST (its IDX label files beside the images) and on
 * class folders: the run's classes.txt holds the label files' classes and counts, every saved model carries
 * them and is conditioned on them, the epochs' metrics are finite, and 1 epoch + --resume = 2 epochs exactly.
 */
class ConditionalTrainTest {

    private static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final int TRAIN_LIMIT = 600;
    private static final String[] SMALL = {"--train-data", FashionMnist.TRAIN_IMAGES.toString(),
            "--test-data", FashionMnist.TEST_IMAGES.toString(), "--train-limit", String.valueOf(TRAIN_LIMIT),
            "--test-limit", "200", "--train-eval-limit", "200", "--hidden", "8", "--blocks", "1",
            "--workers", "2", "--partitions", "2", "--averaging-frequency", "3", "--seed", "42"};

    @TempDir
    Path dir;

    @Test
    void aConditionalRunSavesFashionMnistsClassesWithEveryModel() throws Exception {
        Path run = dir.resolve("run");
        train(run, "--conditional", "--epochs", "1");

        ClassList expected = new ClassList(FASHION_MNIST_CLASSES, labelCounts(TRAIN_LIMIT));
        ClassList written = ClassList.parse(Files.readString(run.resolve(RunDirectory.CLASSES)), "classes.txt");
        assertEquals(expected, written, "classes.txt: Fashion-MNIST's names, the label file's counts of the first 600");
        for (String model : List.of(RunDirectory.MODEL, "checkpoints/epoch-0001.zip", RunDirectory.BEST)) {
            Path path = run.resolve(model);
            assertEquals(Optional.of(expected), ModelFiles.classes(new org.apache.hadoop.fs.Path(path.toUri()),
                    new Configuration()), model + " carries the classes");
            ComputationGraph graph = ModelSerializer.restoreComputationGraph(path.toFile(), false);
            assertEquals(10, ModelGraph.classes(graph.getConfiguration()), model + " is conditioned on 10 classes");
        }
        List<String> rows = Files.readAllLines(run.resolve(RunDirectory.METRICS));
        assertEquals(3, rows.size(), "a header, epoch 0 and epoch 1: " + rows);
        for (String row : rows.subList(1, rows.size())) {
            String[] fields = row.split(",");
            for (int column : new int[]{1, 2}) {
                double bits = Double.parseDouble(fields[column]);
                assertTrue(Double.isFinite(bits) && bits > 0 && bits < 8.5, "train and test bits/dim: " + row);
            }
        }
        assertTrue(Double.parseDouble(rows.get(2).split(",")[2]) < Double.parseDouble(rows.get(1).split(",")[2]),
                "the test bits/dim given the class falls in the first epoch: " + rows);
    }

    @Test
    void aCorpusOfClassFoldersTrainsConditionedOnTheFolders() throws Exception {
        Path corpus = Corpus.classFolders(dir.resolve("sorted"), 3, 16);
        Path run = dir.resolve("folders");
        Cli.Result result = Cli.run("train", "--run-dir", run.toString(), "--conditional", "--train-data",
                corpus.toString(), "--test-data", corpus.toString(), "--hidden", "4", "--blocks", "1",
                "--batch-size", "8", "--epochs", "1", "--report-samples", "6", "--seed", "5");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        ClassList written = ClassList.parse(Files.readString(run.resolve(RunDirectory.CLASSES)), "classes.txt");
        assertEquals(new ClassList(List.of("class-0", "class-1", "class-2"), List.of(16L, 16L, 16L)), written);
        // the report's 6 samples take the 3 classes in turn: one row per class (3 x 2), not a near-square 2 x 3
        java.awt.image.BufferedImage samples = javax.imageio.ImageIO.read(run.resolve("samples/epoch-0001.png").toFile());
        java.util.List<byte[]> six = java.util.Collections.nCopies(6, new byte[64]);
        java.awt.image.BufferedImage byClass = io.pixelcnn.sample.ImageGrid.of(six, new io.pixelcnn.data.ImageShape(1, 8, 8),
                io.pixelcnn.sample.ImageClasses.cycling(written.names(), 0, 1, 2));
        java.awt.image.BufferedImage square = io.pixelcnn.sample.ImageGrid.of(six, new io.pixelcnn.data.ImageShape(1, 8, 8),
                io.pixelcnn.sample.ImageClasses.NONE);
        assertTrue(byClass.getHeight() != square.getHeight(), "the layouts differ, so the check below can fail");
        assertEquals(byClass.getWidth() + "x" + byClass.getHeight(), samples.getWidth() + "x" + samples.getHeight());
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(run.resolve(RunDirectory.MODEL).toFile(), false);
        assertEquals(3, ModelGraph.classes(graph.getConfiguration()));
    }

    /** The model's one-hot input means the run's classes: a resume on data with other classes would mislabel them. */
    @Test
    void resumingOnDataWithOtherClassesIsOneLine() throws Exception {
        Path corpus = Corpus.classFolders(dir.resolve("growing"), 2, 8);
        Path run = dir.resolve("grown");
        Cli.Result first = Cli.run("train", "--run-dir", run.toString(), "--conditional", "--train-data",
                corpus.toString(), "--test-data", corpus.toString(), "--hidden", "4", "--blocks", "1",
                "--batch-size", "8", "--epochs", "1", "--report-samples", "0");
        assertEquals(ExitCodes.OK, first.exitCode(), first.err());
        Corpus.classFolders(corpus, 3, 8); // a third class folder appears

        Cli.Result resumed = Cli.run("train", "--resume", run.toString(), "--epochs", "2");
        assertEquals(ExitCodes.BAD_INPUT, resumed.exitCode(), resumed.err());
        List<String> lines = resumed.errorLines().lines().toList();
        assertEquals(1, lines.size(), resumed.errorLines());
        assertTrue(lines.get(0).contains("class-0, class-1, class-2") && lines.get(0).contains("not the run's (class-0, class-1"),
                lines.get(0));
        assertTrue(Files.notExists(run.resolve("checkpoints/epoch-0002.zip")), "nothing trained");
    }

    /** The labelled minibatches are shuffled and split by the same seeds as images alone: a resume is exact. */
    @Test
    void aResumedConditionalRunEndsWhereAnUninterruptedOneEnds() throws Exception {
        Path whole = dir.resolve("whole");
        Path split = dir.resolve("split");
        // constant: train's default cool-down is placed by --epochs, so a run of 1 would cool down where 2 do not
        train(whole, "--conditional", "--epochs", "2", "--report-samples", "0", "--learning-rate-schedule", "constant");
        train(split, "--conditional", "--epochs", "1", "--report-samples", "0", "--learning-rate-schedule", "constant");
        Cli.Result resumed = Cli.run("train", "--resume", split.toString(), "--epochs", "2");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());

        INDArray expected = params(whole.resolve(RunDirectory.MODEL));
        assertEquals(0.0, expected.sub(params(split.resolve(RunDirectory.MODEL))).amaxNumber().doubleValue(), 0.0,
                "parameters differ");
        assertEquals(metricsWithoutTimings(whole), metricsWithoutTimings(split));
    }

    private static void train(Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--run-dir", run.toString()));
        args.addAll(Arrays.asList(SMALL));
        args.addAll(Arrays.asList(more));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    }

    /** How many of the first {@code n} training labels are of each class, read straight from the IDX label file. */
    private static List<Long> labelCounts(int n) throws Exception {
        byte[] labels = FashionMnist.gunzip(FashionMnist.TRAIN_LABELS);
        long[] counts = new long[10];
        for (int i = 0; i < n; i++) {
            counts[labels[8 + i]]++;
        }
        return Arrays.stream(counts).boxed().toList();
    }

    private static INDArray params(Path model) throws Exception {
        return ModelSerializer.restoreComputationGraph(model.toFile(), false).params();
    }

    /** epoch, train and test bits/dim of every metrics row (timings differ between runs). */
    private static List<String> metricsWithoutTimings(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream().skip(1)
                .map(line -> line.split(",")).map(f -> f[0] + "," + f[1] + "," + f[2]).toList();
    }
}
