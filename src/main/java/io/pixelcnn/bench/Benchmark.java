package io.pixelcnn.bench;

import io.pixelcnn.config.AdamMemory;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.PixelLikelihood;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs the measurements one after the other, each in a process of its own (so nothing else competes for
 * the cores), and prints every figure as soon as both of its sides are known. With several model families
 * or likelihoods each combination is measured in turn against the same reference runs, which are made once.
 */
public final class Benchmark {

    private static final double MEMORY_LIMIT_MB = 2048;

    private final BenchSettings settings;
    private final List<ModelFamily> families;
    private final List<PixelLikelihood> likelihoods;
    private final Path logDir;
    private final ChildJvm jvm;
    private final TorchReference reference;
    /** The reference's results by measurement: the same for every family, so measured once. */
    private final Map<String, Map<String, Object>> referenceResults = new HashMap<>();

    /** {@code reference} null: the project is measured alone. */
    public Benchmark(BenchSettings settings, List<ModelFamily> families, List<PixelLikelihood> likelihoods, Path logDir,
                     TorchReference reference) {
        this.settings = settings;
        this.families = List.copyOf(families);
        this.likelihoods = List.copyOf(likelihoods);
        this.logDir = logDir;
        this.jvm = new ChildJvm(logDir);
        this.reference = reference;
    }

    public void run(PrintWriter out) throws IOException, InterruptedException {
        for (BenchSettings s : combinations()) {
            run(s, out);
        }
    }

    /** Every family with every likelihood, family by family. */
    private List<BenchSettings> combinations() {
        List<BenchSettings> all = new ArrayList<>();
        for (ModelFamily family : families) {
            for (PixelLikelihood likelihood : likelihoods) {
                all.add(settings.of(family, likelihood));
            }
        }
        return all;
    }

    private void run(BenchSettings s, PrintWriter out) throws IOException, InterruptedException {
        String sparkSetup = sparkSetup(s, s.threads());
        String oneJvmSetup = "one JVM, DL4J fit loop, no Spark, " + s.threads() + " native threads";

        Map<String, Object> oneJvmRun = jvm.run("train", s, s.threads());
        double oneJvm = number(oneJvmRun, "train_images_per_s");
        print(out, s, Figure.info("parameters", number(oneJvmRun, "parameters"), "the model's parameter count"));
        Map<String, Object> spark = jvm.run("spark-train", s, 1);
        Double torchTrain = reference == null ? null : number(referenceRun("train", () -> reference.train(s, logDir)),
                "train_images_per_s");
        print(out, s, Figure.ratio("train_images_per_s", number(spark, "train_images_per_s"), torchTrain, 1.0, sparkSetup));
        print(out, s, Figure.ratio("train_images_per_s_one_jvm", oneJvm, torchTrain, 1.0, oneJvmSetup));
        print(out, s, Figure.ratio("spark_over_one_jvm_train", number(spark, "train_images_per_s"), oneJvm, 0.85,
                "reference here is the one-JVM figure"));
        print(out, s, Figure.below("peak_rss_mb_training", number(spark, "peak_rss_mb"), MEMORY_LIMIT_MB,
                sparkSetup + "; driver and all workers in one process, an upper bound for one executor"));

        double evaluation = number(jvm.run("evaluate", s, 1), "eval_images_per_s");
        Map<String, Object> torch = reference == null ? null
                : referenceRun("evaluate-sample", () -> reference.evaluateAndSample(s, logDir));
        print(out, s, Figure.ratio("eval_images_per_s", evaluation, torch == null ? null : number(torch, "eval_images_per_s"),
                1.0, "Spark local[" + s.threads() + "] evaluate, " + s.evalImages() + " test images"));
        sampling(s, torch, out);
        if (s.budgetSeconds() > 0) {
            budget(s, out, "budget", "bits_per_dim_after_budget", () -> reference.trainForBudget(s, logDir),
                    (project, torchRun) -> s.budgetSeconds() + " s of training");
        }
        if (s.budgetImages() > 0) {
            budget(s, out, "budget-images", "bits_per_dim_after_images", () -> reference.trainForImages(s, logDir),
                    (project, torchRun) -> imagesIn(project, "seconds")
                            + (torchRun == null ? "" : " (reference: " + imagesIn(torchRun, "train_seconds") + ")"));
        }
    }

    /**
     * A quality figure: the project trained by {@code probe} (its stop rule) and the reference's run of the same
     * name, both scored on the same test images; {@code trainedFor} says how long they trained, from their results.
     */
    private void budget(BenchSettings s, PrintWriter out, String probe, String figure, Measurement referenceMeasurement,
                        BiFunction<Map<String, Object>, Map<String, Object>, String> trainedFor)
            throws IOException, InterruptedException {
        Map<String, Object> project = jvm.run(probe, s, s.threads() / s.budgetWorkers());
        Map<String, Object> torch = reference == null ? null : referenceRun(probe, referenceMeasurement);
        print(out, s, Figure.noHigher(figure, number(project, "bits_per_dim"), torch == null ? null : number(torch, "bits_per_dim"),
                trainedFor.apply(project, torch) + ", then bits/dim of " + s.evalImages() + " test images; "
                        + sparkSetup(s, s.budgetWorkers()) + ", " + s.budgetWorkerBatch()
                        + " images per step on each worker (reference: " + s.batch() + "), learning rate "
                        + replicaRate(s) + " (reference: 0.001)" + warmupAndMemory(s)));
    }

    /** The budget replicas' warm-up and Adam beta2, where they are not a constant rate and DL4J's 0.999. */
    private static String warmupAndMemory(BenchSettings s) {
        String warmup = s.warmupSteps() > 0 ? ", warm-up " + s.warmupSteps() + " steps" : "";
        double beta2 = s.adamMemory().beta2(s.budgetWorkers());
        return beta2 == AdamMemory.ONE_MODEL_BETA2 ? warmup
                : warmup + ", Adam beta2 " + beta2 + " (adam-memory " + s.adamMemory().key() + ")";
    }

    /** Each budget replica's learning rate, and how it came from --learning-rate when it was scaled. */
    private static String replicaRate(BenchSettings s) {
        double rate = s.scaling().scale(s.learningRate(), s.budgetWorkers());
        return rate == s.learningRate() ? String.valueOf(rate)
                : rate + " (" + s.learningRate() + " scaled " + s.scaling().key() + " with " + s.budgetWorkers() + " workers)";
    }

    /** "N training images in S s": what a run reports it trained, and the wall time of that training. */
    private static String imagesIn(Map<String, Object> result, String secondsKey) {
        return Math.round(number(result, "train_images")) + " training images in " + number(result, secondsKey) + " s";
    }

    /** Spark local[workers] sharing the bench's threads, as the figures' setup names it. */
    private static String sparkSetup(BenchSettings s, int workers) {
        int threads = s.threads() / workers;
        return "Spark local[" + workers + "], " + threads + " native thread" + (threads == 1 ? "" : "s")
                + " per worker, parameter averaging every " + s.averagingFrequency() + " minibatches";
    }

    /** Only the sampling figures: the cached and windowed samplers against the reference's naive one. */
    public void runSampling(PrintWriter out) throws IOException, InterruptedException {
        for (BenchSettings s : combinations()) {
            sampling(s, reference == null ? null
                    : referenceRun("evaluate-sample", () -> reference.evaluateAndSample(s, logDir)), out);
        }
    }

    private void sampling(BenchSettings s, Map<String, Object> torch, PrintWriter out)
            throws IOException, InterruptedException {
        Double naive = torch == null ? null : number(torch, "sample_images_per_s");
        String naiveSetup = "reference: naive sampler, one full forward pass per sub-pixel, batches of "
                + Math.min(s.batch(), s.sampleImages());
        Map<String, Object> cached = jvm.run("sample-cached", s, s.threads());
        if (cached.containsKey("unsupported")) {
            out.println("{\"figure\":\"sample_images_per_s\",\"model\":\"" + s.family().key()
                    + "\",\"likelihood\":\"" + s.likelihood().label()
                    + "\",\"setup\":\"no cached sampler for this family, see sample_images_per_s_windowed\"}");
        } else {
            String setup = 2 * s.sampleBatch() + " images of 28x28 by the cached sampler in batches of " + s.sampleBatch()
                    + ", " + s.threads() + " native threads; " + naiveSetup;
            print(out, s, Figure.ratio("sample_images_per_s", number(cached, "sample_images_per_s"), naive, 100.0, setup));
            print(out, s, Figure.info("sample_activation_mb", number(cached, "activation_mb"),
                    "activations the cached sampler keeps for one batch of " + s.sampleBatch()));
            print(out, s, Figure.info("peak_rss_mb_sampling", number(cached, "peak_rss_mb"),
                    "the cached sampler's whole JVM (heap, ND4J, model) at its peak"));
        }
        double windowed = number(jvm.run("sample", s, s.threads()), "sample_images_per_s");
        print(out, s, Figure.ratio("sample_images_per_s_windowed", windowed, naive, 1.0, s.sampleImages()
                + " images of 28x28 by the windowed sampler in batches of " + Math.min(s.batch(), s.sampleImages())
                + "; " + naiveSetup));
    }

    private interface Measurement {
        Map<String, Object> run() throws IOException, InterruptedException;
    }

    private Map<String, Object> referenceRun(String name, Measurement measurement)
            throws IOException, InterruptedException {
        Map<String, Object> known = referenceResults.get(name);
        if (known == null) {
            known = measurement.run();
            referenceResults.put(name, known);
        }
        return known;
    }

    private static void print(PrintWriter out, BenchSettings s, Figure figure) {
        out.println(figure.toJson(s));
        out.flush();
    }

    private static double number(Map<String, Object> result, String key) {
        Object value = result.get(key);
        if (!(value instanceof Number n)) {
            throw new IllegalStateException("measurement result has no " + key + ": " + result);
        }
        return n.doubleValue();
    }
}
