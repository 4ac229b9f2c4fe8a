package io.pixelcnn.cli;

import io.pixelcnn.bench.Benchmark;
import io.pixelcnn.bench.BenchSettings;
import io.pixelcnn.bench.ProjectionAssumptions;
import io.pixelcnn.bench.RoundCost;
import io.pixelcnn.bench.RoundCostSettings;
import io.pixelcnn.bench.RoundModel;
import io.pixelcnn.bench.ClassFidelity;
import io.pixelcnn.bench.ClassFidelitySettings;
import io.pixelcnn.bench.ScalingBenchmark;
import io.pixelcnn.bench.TorchReference;
import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.AdamMemory;
import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.config.LearningRateScaling;
import io.pixelcnn.config.LearningRateSchedule;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.PixelLikelihood;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Measure training, evaluation and sampling speed, Spark's overhead and peak memory, side by "
                + "side with the PyTorch reference PixelCNN on the same architecture size and threads, for one or more model families.",
                "Prints one JSON line per figure with the ratio project/reference and whether its target is met. "
                        + "Every measurement runs in a process of its own, one after the other."},
        footerHeading = "%nEach JSON line's fields:%n",
        footer = {
                "  figure      what was measured (train_images_per_second, bits_per_dim_after_budget, ...)",
                "  family      the model family measured (--family)",
                "  likelihood  the likelihood measured (--likelihood): softmax, or logistic-mixture(K) of K components",
                "  project     this project's figure",
                "  reference   the PyTorch reference's figure (null without one)",
                "  ratio       project / reference, or the figure's own ratio (null when unknown)",
                "  target      the figure's target, e.g. 'ratio >= 1.0' or '< 8.0' (null: for information)",
                "  met         whether the target is met (null without a target)",
                "  setup       how it was measured: threads, batch, images, processes",
                "  hidden      --hidden, as measured",
                "  blocks      --blocks, as measured",
                "  batch_size  --batch-size, as measured",
                "  threads     --threads, as measured"})
final class BenchCommand implements Callable<Integer> {

    /** The architecture of record's parameters (hidden 32, 5 blocks; ArchitectureOfRecordTest): the projection's unit of speed. */
    private static final long ROUND_RECORD_PARAMETERS = 91_200;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfOption conf;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.FAMILY, paramLabel = "FAMILY[,FAMILY...]", description = "Model families to measure (pixelcnn, gated-pixelcnn, row-lstm, diagonal-bilstm), comma-separated, each against the same reference runs (the reference is a PixelCNN).")
    String familyNames;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.LIKELIHOOD, paramLabel = "LIKELIHOOD[,LIKELIHOOD...]", description = "Likelihoods to measure (softmax, logistic-mixture), comma-separated: every family with each, against the same reference runs (the reference's is the softmax).")
    String likelihoodNames;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.MIXTURES, paramLabel = "K", description = "Components of the logistic mixture, as in train.")
    int mixtures;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.HIDDEN, paramLabel = "H", description = "Width, as in train: channels in the residual blocks (2H outside them).")
    int hidden;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.BLOCKS, paramLabel = "N", description = "Depth, as in train: residual blocks.")
    int blocks;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.BATCH_SIZE, paramLabel = "N", description = "Images per training step, evaluation and sampling pass.")
    int batchSize;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "CPU threads for each side (Spark: local[N], one per worker).")
    int threads;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--averaging-frequency", paramLabel = "N", description = "Minibatches between parameter averagings on Spark.")
    int averagingFrequency;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--learning-rate", paramLabel = "LR", description = "The project's Adam learning rate (the reference's is fixed at 0.001).")
    double learningRate;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--learning-rate-scaling", paramLabel = "none|sqrt|linear", description = "How the Spark replicas' learning rate grows with their number, as in train.")
    String learningRateScaling;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--learning-rate-warmup-steps", paramLabel = "N", description = "The Spark runs' first steps, whose rate climbs linearly to it, as in train (constant after it).")
    int learningRateWarmupSteps;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--adam-memory", paramLabel = "steps|images", description = "The Spark replicas' Adam beta2 as they grow, as in train.")
    String adamMemory;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--steps", paramLabel = "N", defaultValue = "30", description = "Timed training steps in one JVM and in the reference.")
    int steps;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--spark-images", paramLabel = "N", defaultValue = "4096", description = "Images in the timed Spark epoch.")
    int sparkImages;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--eval-images", paramLabel = "N", defaultValue = "2000", description = "Test images scored.")
    int evalImages;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--sample-images", paramLabel = "N", defaultValue = "32", description = "Images generated.")
    int sampleImages;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--sample-batch", paramLabel = "N", defaultValue = "256", description = "Images the cached sampler generates together (it times two such batches).")
    int sampleBatch;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--sampling-only", description = "Measure only sampling: the cached and windowed samplers and the reference's naive one (which also times its evaluation).")
    boolean samplingOnly;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--budget-seconds", paramLabel = "S", defaultValue = "0", description = "Also train each side for S seconds and compare test bits/dim (0: skip; 600 is the figure of record).")
    int budgetSeconds;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--budget-images", paramLabel = "N", defaultValue = "0", description = "Also train each side on exactly N training images (the project as in the --budget-seconds run) and compare test bits/dim (0: skip; 60000, one epoch, is the figure of record).")
    int budgetImages;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--budget-workers", paramLabel = "N", defaultValue = "0", description = "Spark workers (model replicas, averaged) in the budget run, the --threads shared between them (0: --threads workers of one thread each).")
    int budgetWorkers;

    @Grouped(OptionGroup.MEASUREMENT)
    @Option(names = "--budget-worker-batch", paramLabel = "N", defaultValue = "0", description = "Images per step on each Spark worker in the budget run (0: --batch-size divided by the workers, so that the averaged replicas together take steps of --batch-size images, as the reference does).")
    int budgetWorkerBatch;

    @Grouped(OptionGroup.SCALING)
    @Option(names = "--scaling", paramLabel = "N[,N...]", split = ",", description = "Measure statistical efficiency instead: for each N, the same training images through one model, N averaged replicas (plain, and as train runs them by default or as --learning-rate-scaling and --outer-* say) and one model of batch N x --batch-size; the architecture of record (conf/pixelcnn.conf), test bits/dim after each pass. Writes scaling.csv, scaling.md and scaling.svg to --log-dir.")
    List<Integer> scaling;

    @Grouped(OptionGroup.SCALING)
    @Option(names = "--scaling-images", paramLabel = "N", defaultValue = "96000", description = "With --scaling: training images each run sees.")
    long scalingImages;

    @Grouped(OptionGroup.SCALING)
    @Option(names = "--scaling-passes", paramLabel = "N", defaultValue = "2", description = "With --scaling: passes over the first --scaling-images / N training images, a test score after each.")
    int scalingPasses;

    @Grouped(OptionGroup.SCALING)
    @Option(names = "--seeds", paramLabel = "S[,S...]", split = ",", defaultValue = "1,2", description = "With --scaling: one run per seed and method.")
    List<Long> seeds;

    @Grouped(OptionGroup.SCALING)
    @Option(names = "--outer-learning-rate", paramLabel = "LR", description = "With --scaling: the outer optimizer's learning rate in the defaults' run (train's, from the conf file).")
    Double outerLearningRate;

    @Grouped(OptionGroup.SCALING)
    @Option(names = "--outer-momentum", paramLabel = "M|auto", description = "With --scaling: the outer optimizer's momentum in the defaults' run (train's, from the conf file).")
    String outerMomentum;

    // --- bench --round-cost: one block, kept apart from the options above ---------------------------
    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--round-cost", description = "Measure the cost of one parameter-averaging round instead: for each --round-workers and --round-models, --rounds rounds of one minibatch per worker through train's own averaging, split into driver, executor and remainder; then a projection of the time to a target bits/dim on --project-executors executors. Writes round-cost.csv and round-cost.md to --log-dir.")
    boolean roundCost;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--round-workers", paramLabel = "N[,N...]", split = ",", defaultValue = "1,2,4", description = "With --round-cost: numbers of workers (replicas) to measure.")
    List<Integer> roundWorkers;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--round-models", paramLabel = "HxB[,HxB...]", split = ",", defaultValue = "32x5,534x5", description = "With --round-cost: PixelCNNs as hidden x blocks (32x5: the architecture of record, 91,200 parameters; 534x5: 20,014,576).")
    List<String> roundModels;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--rounds", paramLabel = "R", defaultValue = "10", description = "With --round-cost: rounds timed per (workers, model), after --warmup-rounds.")
    int rounds;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--warmup-rounds", paramLabel = "R", defaultValue = "2", description = "With --round-cost: rounds run first and not timed.")
    int warmupRounds;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--round-batch", paramLabel = "N", defaultValue = "2", description = "With --round-cost: images in each worker's one minibatch a round.")
    int roundBatch;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--master", paramLabel = "URL", description = "With --round-cost: Spark's master (default: spark-submit's, else local[most --round-workers]); spark://HOST:PORT measures on a standalone cluster.")
    String master;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--project-executors", paramLabel = "N[,N...]", split = ",", defaultValue = "8,32,128", description = "With --round-cost: executors to project the time to the target for.")
    List<Integer> projectExecutors;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--project-images-per-second", paramLabel = "X", defaultValue = "120", description = "With --round-cost: training images/s of one one-core executor on the architecture of record (docs/performance.md: 118-121 single-threaded here).")
    double projectImagesPerSecond;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--project-images", paramLabel = "N", defaultValue = "96000", description = "With --round-cost: training images to the target at --project-base-replicas (docs/scaling.md: 96,000 to 3.10 bits/dim at 2 replicas, linear learning-rate scaling).")
    long projectImages;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--project-base-replicas", paramLabel = "N", defaultValue = "2", description = "With --round-cost: the replicas --project-images was measured with.")
    int projectBaseReplicas;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--project-growth", paramLabel = "X", defaultValue = "1.25", description = "With --round-cost: images to the target multiply by X per doubling of the replicas beyond --project-base-replicas (an assumption: not measured).")
    double projectGrowth;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--project-target", paramLabel = "BPD", defaultValue = "3.10", description = "With --round-cost: the target bits/dim --project-images reaches, as printed.")
    String projectTarget;

    @Grouped(OptionGroup.ROUND_COST)
    @Option(names = "--project-bandwidth-gbit", paramLabel = "G", defaultValue = "10", description = "With --round-cost: the driver's network link in Gbit/s.")
    double projectBandwidthGbit;

    // --- bench --class-fidelity ---------------------------------------------------------------------
    @Grouped(OptionGroup.CLASS_FIDELITY)
    @Option(names = "--class-fidelity", paramLabel = "MODEL", description = "Measure instead whether a class-conditional model (a run directory or model zip, as sample --model) draws the class asked: a small CNN judge is trained on --data-dir's training images and labels and scored on its test images (all, or --eval-images), then --fidelity-samples images per class are drawn with sample's sampler (--sample-batch, --seed) and judged. Writes " + ClassFidelity.JSON + ", " + ClassFidelity.MARKDOWN + " and " + ClassFidelity.PICTURE + " to --log-dir.")
    String classFidelity;

    @Grouped(OptionGroup.CLASS_FIDELITY)
    @Option(names = "--fidelity-samples", paramLabel = "N", defaultValue = "100", description = "With --class-fidelity: images drawn per class.")
    int fidelitySamples;

    @Grouped(OptionGroup.CLASS_FIDELITY)
    @Option(names = "--classifier-epochs", paramLabel = "E", defaultValue = "2", description = "With --class-fidelity: the judge's passes over its training images.")
    int classifierEpochs;

    @Grouped(OptionGroup.CLASS_FIDELITY)
    @Option(names = "--classifier-images", paramLabel = "N", defaultValue = "0", description = "With --class-fidelity: the first N training images the judge learns from (0: all).")
    long classifierImages;

    @Grouped(OptionGroup.CLASS_FIDELITY)
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "With --class-fidelity: the judge's initialisation and shuffling, and the draws (as sample --seed).")
    long seed;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "/usr/share/datasets/fashion-mnist", description = "Fashion-MNIST IDX files.")
    String dataDir;

    @Grouped(OptionGroup.REFERENCE)
    @Option(names = "--reference", paramLabel = "PY", defaultValue = TorchReference.BUNDLED, description = "The PyTorch reference: 'bundled' (the project's own, bench/torch_pixelcnn.py in the jar), another script with the same options and output, or 'none' to measure the project alone.")
    String reference;

    @Grouped(OptionGroup.REFERENCE)
    @Option(names = "--python", paramLabel = "EXE", defaultValue = "/usr/bin/python3", description = "Python with torch.")
    String python;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--log-dir", paramLabel = "DIR", description = "Where each measurement's console output goes (default: a new temporary folder).")
    File logDir;

    @Override
    public Integer call() throws Exception {
        if (hidden < 1 || blocks < 0 || batchSize < 1 || threads < 1 || steps < 1 || sparkImages < 1 || evalImages < 1
                || sampleImages < 1 || sampleBatch < 1 || budgetSeconds < 0 || budgetImages < 0 || budgetWorkers < 0 || budgetWorkerBatch < 0
                || averagingFrequency < 1 || !(learningRate > 0)) {
            throw new InvalidConfigException("bench sizes must be positive (budget-seconds, budget-images, budget-workers and budget-worker-batch: 0 or more)");
        }
        int workers = budgetWorkers > 0 ? budgetWorkers : threads;
        if (threads % workers != 0) {
            throw new InvalidConfigException("--budget-workers " + workers + " must divide --threads " + threads);
        }
        Path logs = logDir != null ? Files.createDirectories(logDir.toPath()) : Files.createTempDirectory("pixelcnn-bench");
        if (scaling != null) {
            return scaling(logs);
        }
        if (roundCost) {
            return roundCost(logs);
        }
        if (classFidelity != null) {
            return classFidelity(logs);
        }
        List<ModelFamily> families = families();
        List<PixelLikelihood> likelihoods = likelihoods();
        TorchReference torch = TorchReference.choose(reference, python);
        BenchSettings settings = new BenchSettings(families.get(0), likelihoods.get(0), hidden, blocks, batchSize, threads, averagingFrequency,
                learningRate, scaling(), warmupSteps(), adamMemory(), steps, sparkImages, evalImages, sampleImages, sampleBatch, budgetSeconds,
                budgetImages, workers, budgetWorkerBatch > 0 ? budgetWorkerBatch : Math.max(1, batchSize / workers), dataDir, logs.toString());
        Benchmark benchmark = new Benchmark(settings, families, likelihoods, logs, torch);
        if (samplingOnly) {
            benchmark.runSampling(spec.commandLine().getOut());
        } else {
            benchmark.run(spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }

    private int scaling(Path logs) throws Exception {
        if (scaling.stream().anyMatch(n -> n < 1) || scalingPasses < 1 || scalingImages < scalingPasses || seeds.isEmpty()) {
            throw new InvalidConfigException("--scaling needs replicas of 1 or more, --scaling-passes >= 1 and "
                    + "--scaling-images of at least one per pass");
        }
        ScalingBenchmark.of(scaling, seeds, scalingImages, scalingPasses, batchSize, learningRate, averagingFrequency,
                learningRateScaling, outerLearningRate, outerMomentum, evalImages, dataDir, logs).run(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    private LearningRateScaling scaling() {
        return refusedAsConfig(() -> LearningRateScaling.parse(learningRateScaling));
    }

    /** A budget run warms up to a constant rate: building that schedule refuses a negative count before any work. */
    private int warmupSteps() {
        return LearningRateSchedule.constantAfter(learningRateWarmupSteps).warmupSteps();
    }

    private AdamMemory adamMemory() {
        return refusedAsConfig(() -> AdamMemory.parse(adamMemory));
    }

    /**
     * Runs a parser or constructor whose refusal (an IllegalArgumentException) already says what is wrong, and
     * reports it as bench's one-line configuration error.
     */
    private static <T> T refusedAsConfig(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    /** parse -> build -> run -> write: the options, the settings and Spark, the rounds, the files (RoundCost). */
    private int roundCost(Path logs) throws Exception {
        List<RoundModel> models = new ArrayList<>();
        for (String model : roundModels) {
            try {
                models.add(RoundModel.parse(model));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("--round-models: " + e.getMessage());
            }
        }
        if (roundWorkers.isEmpty() || roundWorkers.stream().anyMatch(n -> n < 1)) {
            throw new InvalidConfigException("--round-workers must each be 1 or more, got " + roundWorkers);
        }
        if (rounds < 1 || roundBatch < 1 || warmupRounds < 0) {
            throw new InvalidConfigException(rounds < 1 ? "--rounds must be at least 1, got " + rounds
                    : roundBatch < 1 ? "--round-batch must be at least 1, got " + roundBatch
                    : "--warmup-rounds must not be negative, got " + warmupRounds);
        }
        ProjectionAssumptions assumptions;
        try {
            assumptions = new ProjectionAssumptions(projectExecutors, projectImagesPerSecond, ROUND_RECORD_PARAMETERS,
                    batchSize, averagingFrequency, projectImages, projectBaseReplicas, projectGrowth, projectTarget,
                    projectBandwidthGbit);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("--project-*: " + e.getMessage());
        }
        RoundCost cost = new RoundCost(new RoundCostSettings(roundWorkers, models, rounds, warmupRounds, roundBatch,
                learningRate, 1, dataDir + "/train-images-idx3-ubyte.gz", logs.toString()));
        if (master != null) {
            System.setProperty("spark.master", master); // SparkJobs reads the master from spark.* properties
        } else if (System.getProperty("spark.master") == null) {
            System.setProperty("spark.master", "local[" + Collections.max(roundWorkers) + "]");
        }
        try (JavaSparkContext sc = SparkJobs.start("pixelcnn bench --round-cost")) {
            cost.run(sc, assumptions, spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }

    /** The judge is scored on every test image unless --eval-images limits them (its default is for the speed figures). */
    private int classFidelity(Path logs) throws Exception {
        long testImages = spec.commandLine().getParseResult().hasMatchedOption("--eval-images") ? evalImages : 0;
        ClassFidelitySettings settings = refusedAsConfig(() -> new ClassFidelitySettings(classFidelity, fidelitySamples,
                classifierEpochs, classifierImages, testImages, sampleBatch, seed, dataDir, logs.toString()));
        new ClassFidelity(settings).run(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    private List<ModelFamily> families() {
        List<ModelFamily> families = new ArrayList<>();
        for (String name : familyNames.split(",")) {
            try {
                families.add(ModelFamily.parse(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("--" + JobConfig.FAMILY + ": " + e.getMessage());
            }
        }
        return families;
    }

    /** Checked before any measurement, and --mixtures even when only the softmax is asked for: 0 is never meant. */
    private List<PixelLikelihood> likelihoods() {
        if (mixtures < 1) {
            throw new InvalidConfigException("--" + JobConfig.MIXTURES + " must be at least 1, got " + mixtures);
        }
        List<PixelLikelihood> likelihoods = new ArrayList<>();
        for (String name : likelihoodNames.split(",")) {
            try {
                likelihoods.add(PixelLikelihood.parse(name.trim(), mixtures));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("--" + JobConfig.LIKELIHOOD + ": " + e.getMessage());
            }
        }
        return likelihoods;
    }
}
