package io.pixelcnn.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.LearningRateSchedule;
import io.pixelcnn.config.OuterOptimizerConfig;
import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.Batches;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.eval.BitsPerDim;
import io.pixelcnn.eval.Evaluation;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.sample.CachedSampler;
import io.pixelcnn.sample.Sampler;
import io.pixelcnn.sample.cached.CachedNetwork;
import io.pixelcnn.sample.cached.UnsupportedModelException;
import io.pixelcnn.train.SparkTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One measurement of the benchmark, run in a JVM of its own so that its threads, native settings and
 * peak memory are its alone: {@code Probe TASK key=value...}. Prints one result line, {@link #RESULT}
 * followed by a JSON object.
 */
public final class Probe {

    static final String RESULT = "BENCH-RESULT ";
    private static final ImageShape FASHION_MNIST = new ImageShape(1, 28, 28);
    private static final long SEED = 1;
    /** Steps before timing in one JVM: enough for the JIT to compile DL4J's Java side. */
    private static final int WARM_UP_STEPS = 10;
    /** Images of the Spark warm-up epoch, for the same reason (its executors are this JVM). */
    private static final int WARM_UP_IMAGES = 2048;

    private Probe() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromArgs(List.of(args).subList(1, args.length));
        Map<String, Object> result = switch (args[0]) {
            case "train" -> trainInOneJvm(settings);
            case "spark-train" -> trainOnSpark(settings);
            case "evaluate" -> evaluateOnSpark(settings);
            case "sample" -> sample(settings);
            case "sample-cached" -> sampleCached(settings);
            case "budget" -> trainForBudget(settings, new TrainingBudget.Seconds(settings.budgetSeconds()), "budget");
            case "budget-images" -> trainForBudget(settings, new TrainingBudget.Images(settings.budgetImages()), "budget-images");
            default -> throw new IllegalArgumentException("unknown probe " + args[0]);
        };
        result.put("peak_rss_mb", peakResidentMegabytes());
        System.out.println(RESULT + new ObjectMapper().writeValueAsString(result));
        System.exit(0); // Spark leaves non-daemon threads behind
    }

    /** DL4J's own fit loop on in-memory minibatches: the speed of the model itself, no Spark. */
    static Map<String, Object> trainInOneJvm(BenchSettings s) throws Exception {
        List<DataSet> batches = new ArrayList<>();
        Batches.of(LocalImages.first(s.trainFile(), 16 * s.batch()).iterator(), FASHION_MNIST, s.batch())
                .forEachRemaining(batches::add);
        ComputationGraph model = freshModel(s);
        for (int i = 0; i < WARM_UP_STEPS; i++) {
            model.fit(batches.get(i % batches.size()));
        }
        long start = System.nanoTime();
        for (int i = 0; i < s.steps(); i++) {
            model.fit(batches.get(i % batches.size()));
        }
        double seconds = secondsSince(start);
        Map<String, Object> result = result("train_images_per_s", s.steps() * s.batch() / seconds, seconds);
        result.put("parameters", model.numParams());
        return result;
    }

    /** One epoch of the job's own parameter averaging on local[threads], after a short warm-up epoch. */
    static Map<String, Object> trainOnSpark(BenchSettings s) {
        try (JavaSparkContext sc = localSpark(s.threads())) {
            ImageData train = ImageData.load(sc, DatasetSpec.of(s.trainFile(), s.sparkImages()), s.threads(), SEED);
            SparkTrainer trainer = trainer(sc, s, s.threads(), s.batch());
            ComputationGraph model = freshModel(s);
            trainer.fitEpoch(model, train.head(WARM_UP_IMAGES), 0);
            long start = System.nanoTime();
            trainer.fitEpoch(model, train.images(), 1);
            double seconds = secondsSince(start);
            return result("train_images_per_s", train.count() / seconds, seconds);
        }
    }

    static Map<String, Object> evaluateOnSpark(BenchSettings s) {
        try (JavaSparkContext sc = localSpark(s.threads())) {
            ImageData test = ImageData.load(sc, DatasetSpec.of(s.testFile(), s.evalImages()), s.threads(), SEED);
            ComputationGraph model = freshModel(s);
            BitsPerDim.evaluate(sc, test.head((long) s.threads() * s.batch()), FASHION_MNIST, model, s.batch());
            Evaluation evaluation = BitsPerDim.evaluate(sc, test.images(), FASHION_MNIST, model, s.batch());
            return result("eval_images_per_s", evaluation.images() / evaluation.seconds(), evaluation.seconds());
        }
    }

    /** Speed of generation does not depend on the weights: an untrained model samples as fast. */
    static Map<String, Object> sample(BenchSettings s) {
        ComputationGraph model = freshModel(s);
        new Sampler(model, FASHION_MNIST, 1).sample(0, 1, SEED);
        Sampler sampler = new Sampler(model, FASHION_MNIST, Math.min(s.batch(), s.sampleImages()));
        long start = System.nanoTime();
        sampler.sample(0, s.sampleImages(), SEED);
        double seconds = secondsSince(start);
        return result("sample_images_per_s", s.sampleImages() / seconds, seconds);
    }

    /**
     * The cached sampler (what {@code sample} uses): two batches of {@code sampleBatch} images, after a small
     * batch that warms the JIT. Reports the activations the cache holds for one batch; a family without a
     * cached form reports why instead.
     */
    static Map<String, Object> sampleCached(BenchSettings s) {
        ComputationGraph model = freshModel(s);
        CachedSampler sampler;
        try {
            new CachedSampler(model, FASHION_MNIST, 8).sample(0, 8, SEED);
            sampler = new CachedSampler(model, FASHION_MNIST, s.sampleBatch());
        } catch (UnsupportedModelException e) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("unsupported", e.getMessage());
            return result;
        }
        int images = 2 * s.sampleBatch();
        long start = System.nanoTime();
        sampler.sample(0, images, SEED);
        double seconds = secondsSince(start);
        Map<String, Object> result = result("sample_images_per_s", images / seconds, seconds);
        result.put("activation_mb", CachedNetwork.of(model, FASHION_MNIST, s.sampleBatch()).bytes() / 1e6);
        return result;
    }

    /**
     * Quality at a budget: parameter averaging on local[budgetWorkers] over the whole training set, in slices
     * of 1/20 epoch, until {@code budget} stops it (a time, or a number of images: the last slice is then cut
     * to what is left); then bits/dim of the test set. Each replica has threads / workers native threads and
     * takes steps of {@code budgetWorkerBatch} images. The clock starts once the data is cached and the slices
     * counted, as the reference's starts after it has read its arrays. The images counted against the budget,
     * and reported as {@code train_images}, are those the workers fitted, counted after every minibatch: an
     * equal-images run fits exactly its number, whatever DL4J's rounds leave out. The trained model is left in
     * the log folder, {@code NAME-TAG.zip}, for {@code sample} and friends.
     */
    static Map<String, Object> trainForBudget(BenchSettings s, TrainingBudget budget, String name) throws java.io.IOException {
        try (JavaSparkContext sc = localSpark(s.budgetWorkers())) {
            ImageData train = ImageData.load(sc, DatasetSpec.of(s.trainFile(), 0), s.budgetWorkers(), SEED);
            ImageData test = ImageData.load(sc, DatasetSpec.of(s.testFile(), s.evalImages()), s.budgetWorkers(), SEED);
            JavaRDD<byte[]>[] slices = train.images().randomSplit(evenWeights(20), SEED);
            SparkTrainer trainer = trainer(sc, s, s.budgetWorkers(), s.budgetWorkerBatch());
            LongAccumulator fitted = sc.sc().longAccumulator("images fitted");
            ComputationGraph model = freshModel(s);
            long[] sizes = new long[slices.length];
            for (int i = 0; i < slices.length; i++) {
                sizes[i] = slices[i].count(); // before the clock: counting is no training
            }
            long start = System.nanoTime();
            double lastSlice = 0;
            long images = 0;
            int round = 0;
            while (budget.another(secondsSince(start), lastSlice, images)) {
                JavaRDD<byte[]> slice = slices[round % slices.length];
                long sliceStart = System.nanoTime();
                long allowed = budget.nextAtMost(images);
                if (sizes[round % slices.length] > allowed) {
                    slice = first(slice, allowed);
                }
                trainer.fitEpoch(model, slice, round++, new FittedImages(fitted));
                lastSlice = secondsSince(sliceStart);
                // what the workers fitted, not the slice's size: DL4J's worker fits at most averaging-frequency
                // minibatches of each round's share and leaves the rest (4% of an epoch in slices of 1/20)
                long before = images;
                images = fitted.value();
                if (images == before) {
                    throw new IllegalStateException("the budget run's slice " + round + " fitted no images");
                }
            }
            double seconds = secondsSince(start);
            Evaluation evaluation = BitsPerDim.evaluate(sc, test.images(), FASHION_MNIST, model, s.batch());
            Map<String, Object> result = result("bits_per_dim", evaluation.bitsPerDim(), seconds);
            ModelSerializer.writeModel(model, Path.of(s.logDir(), name + "-" + s.fileTag() + ".zip").toFile(), false);
            result.put("train_images", fitted.value());
            result.put("test_images", evaluation.images());
            return result;
        }
    }

    /** Exactly the first {@code n} images of {@code images}, in partition order (the slice is already a random draw). */
    private static JavaRDD<byte[]> first(JavaRDD<byte[]> images, long n) {
        return images.zipWithIndex().filter(indexed -> indexed._2() < n).map(indexed -> indexed._1());
    }

    private static double[] evenWeights(int parts) {
        double[] weights = new double[parts];
        java.util.Arrays.fill(weights, 1.0);
        return weights;
    }

    private static JavaSparkContext localSpark(int workers) {
        System.setProperty("spark.master", "local[" + workers + "]");
        return SparkJobs.start("pixelcnn-bench");
    }

    /**
     * train's averaging with these settings: its rate, scaling, warm-up and Adam memory. After the warm-up the
     * rate is constant (a budget run has no known end), so the schedule needs no epoch's length: any will do.
     */
    private static SparkTrainer trainer(JavaSparkContext sc, BenchSettings s, int workers, int workerBatch) {
        SparkTrainer trainer = new SparkTrainer(sc, trainConfig(s, workers, workerBatch), FASHION_MNIST);
        trainer.scheduleOver(1);
        return trainer;
    }

    private static TrainConfig trainConfig(BenchSettings s, int workers, int workerBatch) {
        return new TrainConfig(1, workerBatch, s.averagingFrequency(), 2, s.learningRate(), SEED, workers, 0,
                OuterOptimizerConfig.PLAIN, s.scaling())
                .withSchedule(LearningRateSchedule.constantAfter(s.warmupSteps()))
                .withAdamMemory(s.adamMemory());
    }

    private static ComputationGraph freshModel(BenchSettings s) {
        return ModelBuilder.build(s.model(), FASHION_MNIST, s.learningRate(), SEED);
    }

    private static Map<String, Object> result(String figure, double value, double seconds) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(figure, Math.round(value * 1000) / 1000.0);
        result.put("seconds", Math.round(seconds * 100) / 100.0);
        return result;
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The most resident memory this process has held (Linux: VmHWM), in megabytes; -1 elsewhere. */
    static long peakResidentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux: no figure
        }
        return -1;
    }
}
