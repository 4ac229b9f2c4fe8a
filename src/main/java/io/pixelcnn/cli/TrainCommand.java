package io.pixelcnn.cli;

import io.pixelcnn.cluster.Interrupts;
import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.DataConfig;
import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.config.AdamMemory;
import io.pixelcnn.config.LearningRateScaling;
import io.pixelcnn.config.LearningRateSchedule;
import io.pixelcnn.config.OuterOptimizerConfig;
import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.BadInputException;
import io.pixelcnn.data.ImageSize;
import io.pixelcnn.data.Preparation;
import io.pixelcnn.data.ReadMode;
import io.pixelcnn.data.Resize;
import io.pixelcnn.io.RunClaim;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.io.RunInUseException;
import io.pixelcnn.io.StorageException;
import io.pixelcnn.io.StoragePaths;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.PixelLikelihood;
import io.pixelcnn.report.RunReporter;
import io.pixelcnn.sample.ImageClasses;
import io.pixelcnn.train.TrainingData;
import io.pixelcnn.train.TrainingRun;
import io.pixelcnn.train.TrainingStart;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Train a model (PixelCNN, Gated PixelCNN, Row LSTM or Diagonal BiLSTM) with Spark parameter averaging.",
                "Writes a run directory: config.properties, metrics.csv, steps.csv, checkpoints/epoch-NNNN.zip, model.zip, "
                        + "best.zip (the epoch with the lowest test bits/dim) and "
                        + "report.html (with curve.png and samples/).",
                "A class-conditional run (data options below) trains p(image | class): the training set's classes are "
                        + "written to classes.txt, carried by every saved model, and the bits/dim are of each image "
                        + "given its own class."},
        footerHeading = "%nmetrics.csv's columns, one row per epoch (epoch 0: the untrained model):%n",
        footer = {
                "  epoch               the epoch after which the row was measured",
                "  train_bits_per_dim  exact bits/dim of the model on up to --train-eval-limit training images",
                "  test_bits_per_dim   exact bits/dim of the model on the test images: the figure to compare",
                "  loss_bits_per_dim   the training loss of the epoch's last minibatches, in bits/dim: measured while",
                "                      the weights moved, on few images, so noisy; a quick look, not a result",
                "  images              training images seen in the epoch",
                "  train_seconds       time spent training in the epoch",
                "  eval_seconds        time spent scoring train and test images after it",
                "  images_per_second   images / train_seconds",
                "  learning_rate       the rate of the epoch's last step (after warm-up, schedule and scaling)"})
final class TrainCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(TrainCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfOption conf;

    /** Not part of the saved configuration: it changes what a run shows, not what it trains. */
    static final String REPORT_SAMPLES = "report-samples";
    /** Options that say which run and how it is shown, not what is trained. */
    private static final Set<String> NOT_CONFIGURATION = Set.of("--resume", "--run-dir", Defaults.CONF_OPTION,
            "--" + REPORT_SAMPLES);

    @Grouped(OptionGroup.RUN)
    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory to create (local, hdfs://, s3a://, ...).")
    String runDir;

    @Grouped(OptionGroup.RUN)
    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in RUN_DIR from its last complete checkpoint, with its saved configuration (only --epochs, --learning-rate, --early-stopping-patience and --report-samples may change).")
    String resume;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.TRAIN_DATA, paramLabel = "PATH", description = "Training images: IDX file (gzip or raw), binary record files, folder (and subfolders) of image files, or a table with a column of encoded images.")
    String trainData;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.TEST_DATA, paramLabel = "PATH", description = "Test images, scored after every epoch.")
    String testData;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.TRAIN_LIMIT, paramLabel = "N", description = "Use only the first N training images (0: all).")
    long trainLimit;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.TEST_LIMIT, paramLabel = "N", description = "Use only the first N test images (0: all).")
    long testLimit;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.PARTITIONS, paramLabel = "N", description = "Partitions to shard the images into (0: one per worker).")
    int partitions;

    @Mixin
    StorageOptions storage;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.CHANNELS, paramLabel = "1|3", description = "Channels to decode image files into: 1 grayscale, 3 RGB.")
    int channels;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.IMAGE_SIZE, paramLabel = "HxW", description = "Fit every image to this size (height x width), so images of any size train together; saved with the run, so evaluate, score and complete fit new images the same way (blank: images keep their size, which must agree).")
    String imageSize;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.RESIZE, paramLabel = "crop|pad|stretch", description = "With --image-size: crop (scale the short side to fit, cut the long side to the centre), pad (scale the long side to fit, pad with black) or stretch.")
    String resize;

    @Mixin
    MalformedOptions malformed;

    @Mixin
    LabelOptions labels;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.FAMILY, paramLabel = "FAMILY", description = "Model family: pixelcnn, gated-pixelcnn, row-lstm or diagonal-bilstm.")
    String family;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.HIDDEN, paramLabel = "H", description = "Width: residual blocks and LSTMs work on H channels, the rest on 2H (gated-pixelcnn: H per stack).")
    int hidden;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.BLOCKS, paramLabel = "N", description = "Depth: residual blocks, gated or LSTM layers after the first layer.")
    int blocks;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.FIRST_KERNEL, paramLabel = "K", description = "Kernel size of the first (mask-A) convolution.")
    int firstKernel;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.BLOCK_KERNEL, paramLabel = "K", description = "Kernel size in each block (pixelcnn k x k, gated-pixelcnn k x k and 1 x k, row-lstm 1 x k; not used by diagonal-bilstm).")
    int blockKernel;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.LIKELIHOOD, paramLabel = "softmax|logistic-mixture", description = "Each sub-pixel's distribution: a 256-way softmax, or a discretized mixture of logistics (PixelCNN++), 3 x mixtures parameters instead of 256 logits.")
    String likelihood;

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--" + JobConfig.MIXTURES, paramLabel = "K", description = "Components of the logistic mixture (with --likelihood logistic-mixture).")
    int mixtures;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.EPOCHS, paramLabel = "N", description = "Passes over the training images.")
    int epochs;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.BATCH_SIZE, paramLabel = "N", description = "Images per minibatch on each worker.")
    int batchSize;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.AVERAGING_FREQUENCY, paramLabel = "N", description = "Minibatches per worker between parameter averagings.")
    int averagingFrequency;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.PREFETCH, paramLabel = "N", description = "Minibatches each worker prepares ahead.")
    int prefetch;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.LEARNING_RATE, paramLabel = "LR", description = "Adam learning rate.")
    double learningRate;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.SEED, paramLabel = "N", description = "Seed for weights, shuffling and averaging splits.")
    long seed;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.WORKERS, paramLabel = "N", description = "Model replicas trained in parallel (0: Spark's default parallelism).")
    int workers;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.LEARNING_RATE_SCALING, paramLabel = "none|sqrt|linear", description = "Each worker's Adam learning rate: learning-rate x 1, sqrt(workers) or workers.")
    String learningRateScaling;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.ADAM_MEMORY, paramLabel = "steps|images", description = "Each worker's Adam beta2: 0.999 (steps) or 0.999^workers (images: its second-moment estimate spans as many images as one model's).")
    String adamMemory;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.LEARNING_RATE_SCHEDULE, paramLabel = "constant|cosine|step|cooldown", description = "The learning rate over the run's steps, after the warm-up: constant, cosine (down to --learning-rate-min at the last step), step (x --learning-rate-decay-factor every --learning-rate-decay-epochs epochs) or cooldown (constant, then linearly down to --learning-rate-min over the last --learning-rate-cooldown of the steps).")
    String learningRateSchedule;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.LEARNING_RATE_WARMUP_STEPS, paramLabel = "N", description = "Each worker's first N minibatch steps climb linearly to the learning rate (0: no warm-up).")
    int learningRateWarmupSteps;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.LEARNING_RATE_MIN, paramLabel = "LR", description = "The cosine and cooldown schedules' floor, reached at the last step.")
    double learningRateMin;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.LEARNING_RATE_DECAY_EPOCHS, paramLabel = "N", description = "The step schedule: epochs between two decays.")
    int learningRateDecayEpochs;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.LEARNING_RATE_DECAY_FACTOR, paramLabel = "F", description = "The step schedule: what each decay multiplies the rate by, in (0, 1].")
    double learningRateDecayFactor;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.LEARNING_RATE_COOLDOWN, paramLabel = "F", description = "The cooldown schedule: the share of the run's steps, at its end, over which the rate falls, in (0, 1].")
    double learningRateCooldown;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.EARLY_STOPPING_PATIENCE, paramLabel = "N", description = "Stop when test bits/dim has not improved for N epochs; best.zip keeps the best epoch (0: never stop early). May change on --resume.")
    int earlyStoppingPatience;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.OUTER_LEARNING_RATE, paramLabel = "LR", description = "The driver's step after each averaging round: the averaged change times LR, with momentum (1 and momentum 0: plain averaging).")
    double outerLearningRate;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.OUTER_MOMENTUM, paramLabel = "M|auto", description = "Nesterov momentum of the driver's step across averaging rounds, in [0, 1); auto: 1 - 1/workers.")
    String outerMomentum;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.OUTER_WARMUP_STEPS, paramLabel = "N", description = "Plain averaging until each worker has taken N minibatch steps, then the outer step.")
    int outerWarmupSteps;

    @Grouped(OptionGroup.TRAINING)
    @Option(names = "--" + JobConfig.TRAIN_EVAL_LIMIT, paramLabel = "N", description = "Training images scored exactly after each epoch (0: all).")
    long trainEvalLimit;

    @Grouped(OptionGroup.RUN)
    @Option(names = "--" + REPORT_SAMPLES, paramLabel = "N", description = "Images sampled into the run's report after every epoch (0: none). May change on --resume.")
    int reportSamples;

    @Override
    public Integer call() throws Exception {
        if (reportSamples < 0) {
            throw new InvalidConfigException("--" + REPORT_SAMPLES + " must not be negative, got " + reportSamples);
        }
        RunClaim.Holder holder = RunClaim.Holder.current();
        String continued = resume != null ? resume : runOfAnEarlierAttempt(holder);
        JobConfig asked = resume != null ? resumedConfig() : continued != null ? savedConfig(continued) : newConfig();
        String runPath = continued != null ? continued : runDir;
        try (RunClaim claim = claim(resume != null ? "--resume" : "--run-dir", runPath, holder)) {
            try (JavaSparkContext sc = SparkJobs.start("pixelcnn-train")) {
                JobConfig config = asked.withParallelismOf(sc.defaultParallelism());
                log.info("configuration:\n{}", config.toPropertiesText().strip());
                train(sc, config, new RunDirectory(runPath, sc.hadoopConfiguration()), continued != null);
            } catch (Exception e) {
                Failure failure = Failure.of(e);
                if (failure.interrupted()) {
                    claim.interrupted();
                    throw new InterruptedRunException(failure.exitCode(), whatWasKept(runPath));
                }
                claim.failed(failure.exitCode(), failure.message(), failure.repeats());
                throw e;
            }
        }
        return ExitCodes.OK;
    }

    private void train(JavaSparkContext sc, JobConfig config, RunDirectory run, boolean continuing)
            throws IOException, InterruptedException {
        try (TrainingData data = TrainingData.load(sc, config)) {
            log.info("{}", data);
            TrainingStart start = continuing
                    ? TrainingStart.resume(config, data.shape(), data.classes(), run, sc.hadoopConfiguration())
                    : TrainingStart.fresh(config, data.shape(), data.classes(), run);
            log.info("{} parameters; run directory {}{}", start.model().numParams(), run.root(),
                    start.completedEpochs() > 0 ? "; resuming after epoch " + start.completedEpochs() : "");
            // how to do it again: the command line as typed, and the folder it was typed in
            run.recordCommand(CommandRecord.of(spec));
            data.writeSkipped(run, sc.hadoopConfiguration());
            if (data.malformed() > 0) {
                log.info("{} malformed images skipped, each listed with its reason in {}", data.malformed(), run.skipped());
            }
            RunReporter report = new RunReporter(run, sc.hadoopConfiguration(), data.shape(), reportSamples,
                    reportClasses(data), config.train().seed(), config.toMap(), sc.version());
            new TrainingRun(sc, config, data.shape(), run, report).run(start, data);
        }
    }

    /** The report's samples of a class-conditional run take every class in turn, one grid row per class. */
    private static ImageClasses reportClasses(TrainingData data) {
        return data.classes().map(list -> ImageClasses.cycling(list.names(), IntStream.range(0, list.size()).toArray()))
                .orElse(ImageClasses.NONE);
    }

    /**
     * The run directory an earlier attempt of this YARN application began, when YARN restarted the driver:
     * the same command line again, whose run this attempt continues from its last complete checkpoint, as
     * {@code --resume} does. Null for a first attempt, outside YARN, or when the earlier attempt never wrote
     * the run's configuration (then this attempt starts it). An earlier failure that would repeat is reported
     * again, not rerun.
     */
    private String runOfAnEarlierAttempt(RunClaim.Holder holder) throws Exception {
        if (runDir == null || holder.application() == null) {
            return null;
        }
        Optional<RunClaim.Found> claim = RunClaim.find(new org.apache.hadoop.fs.Path(runDir), SparkJobs.hadoopConfiguration());
        if (claim.isEmpty() || !holder.laterAttemptOf(claim.get().holder())) {
            return null;
        }
        RunClaim.Found earlier = claim.get();
        if (earlier.failed() && earlier.repeats()) {
            throw new EarlierAttemptFailedException(earlier.exitCode(), earlier.error() + " (attempt "
                    + earlier.holder().attempt() + " of " + holder.application() + " failed so; attempt "
                    + holder.attempt() + " does not run the same command into the same failure)");
        }
        if (!new RunDirectory(runDir, SparkJobs.hadoopConfiguration()).hasRun()) {
            return null;
        }
        log.info("attempt {} of YARN application {}: continuing the run attempt {} began in {}", holder.attempt(),
                holder.application(), earlier.holder().attempt(), runDir);
        return runDir;
    }

    /** Claims the run directory for this run, or says in one line which live run holds it. */
    private static RunClaim claim(String option, String runPath, RunClaim.Holder holder) throws IOException {
        try {
            return RunClaim.take(new org.apache.hadoop.fs.Path(runPath), SparkJobs.hadoopConfiguration(), holder);
        } catch (RunInUseException e) {
            throw new UnusableRunPathException(option + " " + e.getMessage() + ": wait for it to end"
                    + (option.equals("--run-dir") ? ", or choose another --run-dir" : ""));
        }
    }

    /** The line of an interrupted run: its last complete checkpoint, and the command that continues it. */
    private String whatWasKept(String runPath) throws IOException {
        String said = Interrupts.received().map(Interrupts.Interrupt::said).orElse("interrupted");
        RunDirectory run = new RunDirectory(runPath, SparkJobs.hadoopConfiguration());
        if (!run.hasRun()) {
            return said + " before the run began: nothing was kept; start it again with the same command";
        }
        OptionalInt last = run.lastCheckpointEpoch();
        String kept = last.isPresent()
                ? "the last complete checkpoint is " + StoragePaths.shown(run.checkpoint(last.getAsInt()))
                : "no epoch was complete yet";
        return said + ": " + kept + "; continue with: " + spec.root().name() + " train --resume " + CommandRecord.shellWord(runPath);
    }

    /** The configuration a run saved, as it is: a restarted driver was given the same command line. */
    private static JobConfig savedConfig(String runPath) throws IOException {
        RunDirectory run = new RunDirectory(runPath, SparkJobs.hadoopConfiguration());
        return JobConfig.fromProperties(run.readConfig(), run.config().toString());
    }

    private JobConfig newConfig() throws IOException {
        if (runDir == null) {
            throw new InvalidConfigException("train needs --run-dir DIR (or --resume RUN_DIR)");
        }
        RunDirectory run = new RunDirectory(runDir, SparkJobs.hadoopConfiguration());
        Optional<String> unusable = run.whyNotNew();
        if (unusable.isPresent()) {
            throw new UnusableRunPathException("--run-dir " + unusable.get() + ": "
                    + (run.hasRun() ? "continue it with --resume " + runDir + " or " : "") + "choose another --run-dir");
        }
        try {
            return new JobConfig(
                    new DataConfig(dataPath(trainData), dataPath(testData), trainLimit, testLimit, partitions,
                            storage.format(),
                            new Preparation(channels, ImageSize.parse(imageSize), Resize.parse(resize),
                                    ReadMode.parse(malformed.mode), malformed.maxMalformed), labels.labelling()),
                    new ModelConfig(ModelFamily.parse(family), hidden, blocks, firstKernel, blockKernel,
                            PixelLikelihood.parse(likelihood, mixtures)),
                    new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers,
                            trainEvalLimit, OuterOptimizerConfig.parse(outerLearningRate, outerMomentum, outerWarmupSteps),
                            LearningRateScaling.parse(learningRateScaling),
                            new LearningRateSchedule(LearningRateSchedule.Shape.parse(learningRateSchedule),
                                    learningRateWarmupSteps, learningRateMin, learningRateDecayEpochs,
                                    learningRateDecayFactor, learningRateCooldown),
                            earlyStoppingPatience, AdamMemory.parse(adamMemory)));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    /**
     * A dataset's path as the run saves it, qualified (see {@link StoragePaths#resolved}): the run's
     * {@code --resume}, {@code evaluate} and {@code score} then read the same data from any folder. A file
     * system that cannot be reached is unusable data.
     */
    private static String dataPath(String given) throws IOException {
        try {
            return StoragePaths.resolved(given, SparkJobs.hadoopConfiguration());
        } catch (StorageException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (IOException e) {
            // its file system would not open (a setting missing, say): the data cannot be read
            throw new BadInputException(given + ": " + e.getMessage(), e);
        }
    }

    /** The run's saved configuration with the configuration options given on this command line. */
    private JobConfig resumedConfig() throws IOException {
        if (runDir != null && !StoragePaths.same(runDir, resume, SparkJobs.hadoopConfiguration())) {
            throw new InvalidConfigException("--resume " + resume + " continues that run; drop --run-dir");
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (!NOT_CONFIGURATION.contains(name)) {
                given.put(name.substring(2), String.valueOf((Object) option.getValue()));
            }
        }
        RunDirectory run = new RunDirectory(resume, SparkJobs.hadoopConfiguration());
        if (!run.hasRun()) {
            throw new UnusableRunPathException("--resume " + resume + ": no run there (no " + RunDirectory.CONFIG
                    + "); start one with --run-dir");
        }
        return JobConfig.fromProperties(run.readConfig(), run.config().toString()).resumedWith(given);
    }
}
