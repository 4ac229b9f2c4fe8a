package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.config.BundledDefaults;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.LogisticMixture;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.PixelLikelihood;
import io.pixelcnn.model.SoftmaxLikelihood;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's plumbing, on a tiny model: every measurement runs in its own JVM and comes back as a
 * figure. Speed itself is not asserted here; that is what the benchmark is for (docs/performance.md).
 */
class BenchCommandTest {

    /** What the bundled conf file schedules: train's defaults take it, plain averaging never does. */
    private static final String DEFAULT_SCHEDULE = BundledDefaults.load().getProperty("learning-rate-schedule");

    private static final List<String> FIGURES = List.of("parameters", "train_images_per_s", "train_images_per_s_one_jvm",
            "spark_over_one_jvm_train", "peak_rss_mb_training", "eval_images_per_s", "sample_images_per_s",
            "sample_activation_mb", "peak_rss_mb_sampling", "sample_images_per_s_windowed");

    /**
     * bench --scaling on a few hundred images: every method is the real train command in its own JVM on
     * local[replicas], with the options that make it (two replicas of batch 16 averaged plainly or with the outer
     * optimizer and linear scaling, one model of batch 32 at the learning rate times sqrt 2), and all see the same images.
     */
    @Test
    void scalingRunsEachMethodAsTrainAndTabulatesTheirTestBitsPerDim(@TempDir Path logs) throws Exception {
        Cli.Result result = Cli.run("bench", "--scaling", "2", "--scaling-images", "192", "--scaling-passes", "2",
                "--seeds", "3", "--batch-size", "16", "--learning-rate", "0.002", "--averaging-frequency", "2",
                "--learning-rate-scaling", "linear", "--outer-learning-rate", "0.9", "--outer-momentum", "auto",
                "--eval-images", "32",
                "--log-dir", logs.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());

        List<String> csv = Files.readAllLines(logs.resolve("scaling.csv"));
        assertEquals(List.of("1,single,3,96", "1,single,3,192", "2,plain,3,96", "2,plain,3,192", "2,defaults,3,96",
                "2,defaults,3,192", "2,sync,3,96", "2,sync,3,192"),
                csv.subList(1, csv.size()).stream().map(line -> String.join(",", List.of(line.split(",")).subList(0, 4))).toList());
        assertEquals(List.of("1", "16", "0.002"), saved(logs, "single-n1-seed3").subList(0, 3));
        // plain averaging is DL4J's alone; train's defaults take the conf file's warm-up and Adam's memory
        assertEquals(List.of("2", "16", "0.002", "none", "1.0", "0.0", "0", "steps", "constant"), saved(logs, "plain-n2-seed3"));
        assertEquals(List.of("2", "16", "0.002", "linear", "0.9", "auto", "50", "images", DEFAULT_SCHEDULE),
                saved(logs, "defaults-n2-seed3"));
        List<String> sync = saved(logs, "sync-n2-seed3");
        assertEquals(List.of("1", "32"), sync.subList(0, 2));
        assertEquals("none", sync.get(3));
        assertEquals(0.002 * Math.sqrt(2), Double.parseDouble(sync.get(2)), 1e-12);
        for (String run : List.of("single-n1-seed3", "plain-n2-seed3", "defaults-n2-seed3", "sync-n2-seed3")) {
            List<String> metrics = Files.readAllLines(logs.resolve("runs").resolve(run).resolve("metrics.csv"));
            assertEquals("96", metrics.get(2).split(",")[4], run + " trains 96 images a pass");
        }
        String table = Files.readString(logs.resolve("scaling.md"));
        assertTrue(table.contains("| 1 | one model | ") && table.contains("| 1 | +0.00% |"), table);
        assertTrue(table.contains("| 2 | synchronous N x B | "), table);
        assertTrue(Files.readString(logs.resolve("scaling.svg")).contains("train's defaults, N = 2"));
    }

    /**
     * workers, batch-size, learning-rate, learning-rate-scaling, outer-learning-rate, outer-momentum,
     * learning-rate-warmup-steps, adam-memory and learning-rate-schedule of a scaling run.
     */
    private static List<String> saved(Path logs, String run) throws Exception {
        java.util.Properties config = new java.util.Properties();
        try (var in = Files.newBufferedReader(logs.resolve("runs").resolve(run).resolve("config.properties"))) {
            config.load(in);
        }
        return List.of(config.getProperty("workers"), config.getProperty("batch-size"), config.getProperty("learning-rate"),
                config.getProperty("learning-rate-scaling"), config.getProperty("outer-learning-rate"), config.getProperty("outer-momentum"),
                config.getProperty("learning-rate-warmup-steps"), config.getProperty("adam-memory"),
                config.getProperty("learning-rate-schedule"));
    }

    /**
     * One run of every figure for a family that is not the default, with both likelihoods: the family and the
     * likelihood reach every measurement's JVM, each combination gets the whole list of figures, the time-budget
     * run stops after its second (TrainingBudgetTest has the stop rule itself) and the equal-images run fits
     * exactly --budget-images images: 44, from slices of about 20 images in steps of 8, where DL4J's worker fits
     * at most --averaging-frequency (2) minibatches a round and leaves a slice's third one out, so counting the
     * slices would stop short. The data is 400 training and 64 test images of Fashion-MNIST written by the test
     * (the budget runs' slices are 1/20 of the training set), so no run reads 60,000. One thread and one
     * sampled image: the windowed sampler (a network pass per sub-pixel) is most of the test's time, and a
     * single thread costs the same on a busy machine as on a quiet one.
     */
    @Test
    void printsOneJsonLinePerFigureFromSeparateJvms(@TempDir Path logs, @TempDir Path data) throws Exception {
        TestImages.idx(data.resolve("train-images-idx3-ubyte.gz"), FashionMnist.images(FashionMnist.TRAIN_IMAGES, 400),
                FashionMnist.SIDE, FashionMnist.SIDE, true);
        TestImages.idx(data.resolve("t10k-images-idx3-ubyte.gz"), FashionMnist.images(FashionMnist.TEST_IMAGES, 64),
                FashionMnist.SIDE, FashionMnist.SIDE, true);
        Cli.Result result = Cli.run("bench", "--data-dir", data.toString(), "--family", "gated-pixelcnn", "--likelihood", "softmax,logistic-mixture",
                "--mixtures", "2", "--reference", "none", "--hidden", "4", "--blocks", "1", "--batch-size", "8",
                "--threads", "1", "--averaging-frequency", "2", "--steps", "2", "--spark-images", "128", "--eval-images", "64", "--sample-images", "1",
                "--sample-batch", "4", "--budget-seconds", "1", "--budget-images", "44", "--log-dir", logs.toString(),
                // no warm-up: on a busy machine the 1 s budget may fit a slice or two, whose first steps a
                // 50-step warm-up would take at a fiftieth of the rate, leaving the model at 8 bits/dim
                "--learning-rate-warmup-steps", "0");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());

        List<JsonNode> figures = new ArrayList<>();
        for (String line : result.out().strip().split("\n")) {
            figures.add(new ObjectMapper().readTree(line));
        }
        List<String> perLikelihood = new ArrayList<>(FIGURES);
        perLikelihood.add("bits_per_dim_after_budget");
        perLikelihood.add("bits_per_dim_after_images");
        List<String> expected = new ArrayList<>();
        for (String likelihood : List.of("softmax", "logistic-mixture(2)")) {
            perLikelihood.forEach(figure -> expected.add(likelihood + " " + figure));
        }
        assertEquals(expected, figures.stream().map(f -> f.get("likelihood").asText() + " " + f.get("figure").asText()).toList());
        for (JsonNode figure : figures) {
            assertTrue(figure.get("project").asDouble() > 0, figure.toString());
            assertEquals(4, figure.get("hidden").asInt());
            assertEquals("gated-pixelcnn", figure.get("family").asText());
            assertEquals(8, figure.get("batch_size").asInt());
        }
        String help = Cli.run("bench", "--help").out();
        for (String line : result.out().strip().split("\n")) {
            assertEquals(List.of(), HelpFields.unexplained(line, help), "fields of " + line + " explained in bench --help");
        }
        // without the reference, ratios against it are unknown; the Spark-over-one-JVM ratio is not
        assertTrue(figures.get(1).get("ratio").isNull());
        assertFalse(figures.get(3).get("ratio").isNull());
        // the child JVMs built each likelihood's model: the softmax's 256 logits per sub-pixel, the mixture's 3 x 2
        JsonNode mixture = figures.get(perLikelihood.size());
        assertEquals("parameters", mixture.get("figure").asText());
        assertEquals(parameters(SoftmaxLikelihood.INSTANCE), figures.get(0).get("project").asLong());
        assertEquals(parameters(new LogisticMixture(2)), mixture.get("project").asLong());
        assertTrue(parameters(SoftmaxLikelihood.INSTANCE) > parameters(new LogisticMixture(2)), "6 outputs a sub-pixel, not 256");
        for (int end = perLikelihood.size(); end <= figures.size(); end += perLikelihood.size()) {
            // the time-budget run: one second, then the same test images
            JsonNode budget = figures.get(end - 2);
            assertTrue(budget.get("setup").asText().startsWith("1 s of training, then bits/dim of 64 test images; "),
                    budget.toString());
            assertTrue(budget.get("project").asDouble() < 8.0, "trained below the uniform 8 bits/dim: " + budget);
            // the equal-images run: the images the workers fitted, counted after every minibatch, one model in
            // steps of the whole --batch
            JsonNode images = figures.get(end - 1);
            String setup = images.get("setup").asText();
            assertTrue(setup.startsWith("44 training images in "), setup);
            assertTrue(setup.contains("then bits/dim of 64 test images; Spark local[1], 1 native thread per worker"), setup);
            assertTrue(setup.contains("8 images per step on each worker"), setup);
            assertTrue(images.get("project").asDouble() < 8.0, "trained below the uniform 8 bits/dim: " + images);
        }
        // each measurement ran in a JVM of its own and left its console output behind; a softmax's files keep
        // the family's name alone, as before there were two likelihoods
        for (String tag : List.of("gated-pixelcnn", "gated-pixelcnn-logistic-mixture2")) {
            for (String probe : List.of("train", "spark-train", "evaluate", "sample", "sample-cached", "budget", "budget-images")) {
                assertTrue(Files.readString(logs.resolve(probe + "-" + tag + ".log")).contains("BENCH-RESULT"), probe + " " + tag);
            }
            assertTrue(Files.size(logs.resolve("budget-" + tag + ".zip")) > 0);
            assertTrue(Files.size(logs.resolve("budget-images-" + tag + ".zip")) > 0);
        }
    }

    /** Parameters of the test's tiny Gated PixelCNN with {@code likelihood}, built here as the child JVMs build it. */
    private static long parameters(PixelLikelihood likelihood) {
        return ModelBuilder.build(new ModelConfig(ModelFamily.GATED_PIXELCNN, 4, 1, 7, 3, likelihood),
                new ImageShape(1, 28, 28), 1e-3, 1).numParams();
    }

    /** What follows every usage error's one line. */
    private static final String TRY = "Try 'pixelcnn bench --help' for the options.";

    @Test
    void unknownLikelihoodOrNoMixtureComponentsIsAUsageErrorBeforeAnyMeasurement(@TempDir Path logs) throws Exception {
        Cli.Result unknown = Cli.run("bench", "--likelihood", "softmax,gaussian", "--reference", "none", "--log-dir", logs.toString());
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.err());
        assertEquals(List.of("error: --likelihood: likelihood must be one of softmax|logistic-mixture, got 'gaussian'", TRY),
                unknown.errorLines().lines().toList());
        Cli.Result none = Cli.run("bench", "--likelihood", "logistic-mixture", "--mixtures", "0", "--reference", "none",
                "--log-dir", logs.toString());
        assertEquals(ExitCodes.USAGE, none.exitCode(), none.err());
        assertEquals(List.of("error: --mixtures must be at least 1, got 0", TRY), none.errorLines().lines().toList());
        try (var files = Files.list(logs)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".log")), "no measurement ran");
        }
    }

    @Test
    void budgetWorkersMustShareTheThreadsEvenly(@TempDir Path logs) throws Exception {
        Cli.Result result = Cli.run("bench", "--reference", "none", "--threads", "2", "--budget-workers", "3",
                "--budget-seconds", "60", "--log-dir", logs.toString());
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertTrue(result.errorLines().contains("--budget-workers 3 must divide --threads 2"), result.err());
        try (var files = Files.list(logs)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".log")), "no measurement ran");
        }
    }

    @Test
    void unknownModelFamilyIsAUsageErrorListingTheFamilies() {
        Cli.Result result = Cli.run("bench", "--family", "pixelcnn,pixel-transformer", "--reference", "none");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.errorLines().contains("pixelcnn|gated-pixelcnn|row-lstm|diagonal-bilstm"), result.err());
    }

    @Test
    void theReferenceIsTheJarsOwnAndAPythonWithoutTorchStopsBeforeAnyMeasurement(@TempDir Path logs) throws Exception {
        Cli.Result result = Cli.run("bench", "--python", "/no/such/python3", "--log-dir", logs.toString());
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        // the default reference needs no file outside the jar: the complaint is about Python, not the script
        assertTrue(result.errorLines().startsWith("error: --python /no/such/python3 cannot be run"), result.err());
        assertTrue(result.errorLines().contains("--reference none"), result.err());
        try (var files = Files.list(logs)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".log")), "no measurement ran");
        }
    }

    @Test
    void missingReferenceScriptIsAUsageErrorNamingIt() {
        Cli.Result result = Cli.run("bench", "--reference", "/no/such/torch_pixelcnn.py");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.errorLines().contains("/no/such/torch_pixelcnn.py"), result.err());
    }
}
