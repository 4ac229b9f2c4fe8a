package io.pixelcnn.config;

import io.pixelcnn.data.ImageSize;
import io.pixelcnn.data.Labelling;
import io.pixelcnn.data.Preparation;
import io.pixelcnn.data.ReadMode;
import io.pixelcnn.data.RecordFormat;
import io.pixelcnn.data.Resize;
import io.pixelcnn.data.SourceFormat;
import io.pixelcnn.model.LogisticMixture;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.PixelLikelihood;
import io.pixelcnn.model.SoftmaxLikelihood;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Everything a training run is built from. Its keys are the long option names of {@code train} and of
 * {@code conf/pixelcnn.conf}; a run saves it as {@code config.properties}, so {@code train --resume},
 * {@code evaluate} and {@code sample} rebuild exactly what {@code train} used.
 */
public record JobConfig(DataConfig data, ModelConfig model, TrainConfig train) implements Serializable {

    public static final String TRAIN_DATA = "train-data";
    public static final String TEST_DATA = "test-data";
    public static final String TRAIN_LIMIT = "train-limit";
    public static final String TEST_LIMIT = "test-limit";
    public static final String PARTITIONS = "partitions";
    public static final String DATA_FORMAT = "data-format";
    public static final String IMAGE_COLUMN = "image-column";
    public static final String RECORD_SHAPE = "record-shape";
    public static final String RECORD_LABEL_BYTES = "record-label-bytes";
    public static final String CHANNELS = "channels";
    public static final String IMAGE_SIZE = "image-size";
    public static final String RESIZE = "resize";
    public static final String MODE = "mode";
    public static final String MAX_MALFORMED = "max-malformed";
    public static final String CONDITIONAL = "conditional";
    public static final String LABEL_COLUMN = "label-column";
    public static final String CLASS_NAMES = "class-names";
    public static final String FAMILY = "family";
    /** The family's key in runs saved before it was renamed {@code family} (model is a saved model's path). */
    static final String OLD_FAMILY_KEY = "model";
    public static final String HIDDEN = "hidden";
    public static final String BLOCKS = "blocks";
    public static final String FIRST_KERNEL = "first-kernel";
    public static final String BLOCK_KERNEL = "block-kernel";
    public static final String LIKELIHOOD = "likelihood";
    public static final String MIXTURES = "mixtures";
    public static final String EPOCHS = "epochs";
    public static final String BATCH_SIZE = "batch-size";
    public static final String AVERAGING_FREQUENCY = "averaging-frequency";
    public static final String PREFETCH = "prefetch";
    public static final String LEARNING_RATE = "learning-rate";
    public static final String SEED = "seed";
    public static final String WORKERS = "workers";
    public static final String TRAIN_EVAL_LIMIT = "train-eval-limit";
    public static final String LEARNING_RATE_SCALING = "learning-rate-scaling";
    public static final String LEARNING_RATE_SCHEDULE = "learning-rate-schedule";
    public static final String LEARNING_RATE_WARMUP_STEPS = "learning-rate-warmup-steps";
    public static final String LEARNING_RATE_MIN = "learning-rate-min";
    public static final String LEARNING_RATE_DECAY_EPOCHS = "learning-rate-decay-epochs";
    public static final String LEARNING_RATE_DECAY_FACTOR = "learning-rate-decay-factor";
    public static final String LEARNING_RATE_COOLDOWN = "learning-rate-cooldown";
    public static final String EARLY_STOPPING_PATIENCE = "early-stopping-patience";
    public static final String ADAM_MEMORY = "adam-memory";
    public static final String OUTER_LEARNING_RATE = "outer-learning-rate";
    public static final String OUTER_MOMENTUM = "outer-momentum";
    public static final String OUTER_WARMUP_STEPS = "outer-warmup-steps";

    /** Keys a resumed run may change: they decide how long and how fast it trains, not what it is. */
    public static final Set<String> CHANGEABLE_ON_RESUME = Set.of(EPOCHS, LEARNING_RATE, EARLY_STOPPING_PATIENCE);

    /**
     * This saved configuration with {@code changes} (key to value) applied, for {@code train --resume}:
     * a key outside {@link #CHANGEABLE_ON_RESUME} is refused, since the run would no longer be the one
     * its checkpoints belong to.
     */
    public JobConfig resumedWith(Map<String, String> changes) {
        for (String key : changes.keySet()) {
            if (!CHANGEABLE_ON_RESUME.contains(key)) {
                throw new InvalidConfigException("--" + key + " cannot change on --resume: the run keeps its saved configuration");
            }
        }
        Properties merged = new Properties();
        merged.putAll(toMap());
        merged.putAll(changes);
        return fromProperties(merged, "--resume");
    }

    /**
     * This configuration with {@code workers} and {@code partitions} as numbers: {@code workers=0} becomes
     * {@code clusterParallelism} (Spark's default parallelism once the executors are in), {@code partitions=0}
     * one per worker. A run saves the numbers, so a resume trains exactly the same replicas on exactly the
     * same partitions whatever the cluster it resumes on; numbers given stay as they are.
     */
    public JobConfig withParallelismOf(int clusterParallelism) {
        int workers = train.workers() > 0 ? train.workers() : clusterParallelism;
        int partitions = data.partitions() > 0 ? data.partitions() : workers;
        return new JobConfig(data.withPartitions(partitions), model, train.withWorkers(workers));
    }

    /** Key to value, in the order of {@code conf/pixelcnn.conf}. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(TRAIN_DATA, data.trainData());
        map.put(TEST_DATA, data.testData());
        map.put(TRAIN_LIMIT, Long.toString(data.trainLimit()));
        map.put(TEST_LIMIT, Long.toString(data.testLimit()));
        map.put(PARTITIONS, Integer.toString(data.partitions()));
        SourceFormat format = data.format();
        map.put(DATA_FORMAT, format.kind());
        map.put(IMAGE_COLUMN, format.imageColumn());
        map.put(RECORD_SHAPE, format.records() == null ? "" : format.records().shapeText());
        map.put(RECORD_LABEL_BYTES, Integer.toString(format.records() == null ? 1 : format.records().labelBytes()));
        Preparation preparation = data.preparation();
        map.put(CHANNELS, Integer.toString(preparation.channels()));
        map.put(IMAGE_SIZE, preparation.size() == null ? "" : preparation.size().toString());
        map.put(RESIZE, preparation.resize().key());
        map.put(MODE, preparation.mode().name());
        map.put(MAX_MALFORMED, Double.toString(preparation.maxMalformed()));
        Labelling labelling = data.labelling();
        map.put(CONDITIONAL, Boolean.toString(labelling.conditional()));
        map.put(LABEL_COLUMN, labelling.column());
        map.put(CLASS_NAMES, String.join(",", labelling.classNames()));
        map.put(FAMILY, model.family().key());
        map.put(HIDDEN, Integer.toString(model.hidden()));
        map.put(BLOCKS, Integer.toString(model.blocks()));
        map.put(FIRST_KERNEL, Integer.toString(model.firstKernel()));
        map.put(BLOCK_KERNEL, Integer.toString(model.blockKernel()));
        map.put(LIKELIHOOD, model.likelihood().key());
        map.put(MIXTURES, Integer.toString(model.likelihood() instanceof LogisticMixture mixture ? mixture.components()
                : PixelLikelihood.DEFAULT_MIXTURES));
        map.put(EPOCHS, Integer.toString(train.epochs()));
        map.put(BATCH_SIZE, Integer.toString(train.batchSize()));
        map.put(AVERAGING_FREQUENCY, Integer.toString(train.averagingFrequency()));
        map.put(PREFETCH, Integer.toString(train.prefetch()));
        map.put(LEARNING_RATE, Double.toString(train.learningRate()));
        map.put(SEED, Long.toString(train.seed()));
        map.put(WORKERS, Integer.toString(train.workers()));
        map.put(TRAIN_EVAL_LIMIT, Long.toString(train.trainEvalLimit()));
        map.put(LEARNING_RATE_SCALING, train.scaling().key());
        LearningRateSchedule schedule = train.schedule();
        map.put(LEARNING_RATE_SCHEDULE, schedule.shape().key());
        map.put(LEARNING_RATE_WARMUP_STEPS, Integer.toString(schedule.warmupSteps()));
        map.put(LEARNING_RATE_MIN, Double.toString(schedule.minRate()));
        map.put(LEARNING_RATE_DECAY_EPOCHS, Integer.toString(schedule.decayEpochs()));
        map.put(LEARNING_RATE_DECAY_FACTOR, Double.toString(schedule.decayFactor()));
        map.put(LEARNING_RATE_COOLDOWN, Double.toString(schedule.cooldownFraction()));
        map.put(EARLY_STOPPING_PATIENCE, Integer.toString(train.earlyStoppingPatience()));
        map.put(ADAM_MEMORY, train.adamMemory().key());
        map.put(OUTER_LEARNING_RATE, Double.toString(train.outer().learningRate()));
        map.put(OUTER_MOMENTUM, train.outer().momentumText());
        map.put(OUTER_WARMUP_STEPS, Integer.toString(train.outer().warmupSteps()));
        return map;
    }

    /** The {@code key=value} lines of {@link #toMap()}, readable by {@link Properties#load}. */
    public String toPropertiesText() {
        StringBuilder text = new StringBuilder("# pixelcnn-spark training configuration, as resolved for this run\n");
        toMap().forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    public static JobConfig fromProperties(Properties properties, String source) {
        Values values = new Values(properties, source);
        return new JobConfig(
                new DataConfig(values.text(TRAIN_DATA), values.text(TEST_DATA), values.whole(TRAIN_LIMIT),
                        values.whole(TEST_LIMIT), values.integer(PARTITIONS), format(values), preparation(values),
                        labelling(values)),
                model(values),
                new TrainConfig(values.integer(EPOCHS), values.integer(BATCH_SIZE), values.integer(AVERAGING_FREQUENCY),
                        values.integer(PREFETCH), values.decimal(LEARNING_RATE), values.whole(SEED),
                        values.integer(WORKERS), values.whole(TRAIN_EVAL_LIMIT), outer(values),
                        scaling(values), schedule(values), values.integer(EARLY_STOPPING_PATIENCE, 0),
                        adamMemory(values)));
    }

    /** How the datasets are stored; keys added after a run was saved take their defaults. */
    public static SourceFormat format(Properties properties, String source) {
        return format(new Values(properties, source));
    }

    /** How images are prepared; keys missing (a run saved by an older version, or no run at all) take their defaults. */
    public static Preparation preparation(Properties properties, String source) {
        return preparation(new Values(properties, source));
    }

    /** Whether a run reads its images' classes; keys missing (a run saved before there were labels) read none. */
    public static Labelling labelling(Properties properties, String source) {
        return labelling(new Values(properties, source));
    }

    private static Labelling labelling(Values values) {
        String conditional = values.text(CONDITIONAL, "false");
        if (!conditional.equals("true") && !conditional.equals("false")) {
            throw new InvalidConfigException(values.source() + ": " + CONDITIONAL + " is true or false, not '" + conditional + "'");
        }
        String names = values.text(CLASS_NAMES, "");
        List<String> classNames = names.isEmpty() ? List.of()
                : Arrays.stream(names.split(",", -1)).map(String::trim).toList();
        try {
            return new Labelling(Boolean.parseBoolean(conditional), values.text(LABEL_COLUMN, ""), classNames);
        } catch (IllegalArgumentException e) {
            throw values.invalid(e);
        }
    }

    private static SourceFormat format(Values values) {
        try {
            return new SourceFormat(values.text(DATA_FORMAT, SourceFormat.AUTO),
                    values.text(IMAGE_COLUMN, SourceFormat.DEFAULT_IMAGE_COLUMN),
                    RecordFormat.parse(values.text(RECORD_SHAPE, ""), values.integer(RECORD_LABEL_BYTES)));
        } catch (IllegalArgumentException e) {
            throw values.invalid(e);
        }
    }

    private static Preparation preparation(Values values) {
        try {
            return new Preparation(values.integer(CHANNELS, 1), ImageSize.parse(values.text(IMAGE_SIZE, "")),
                    Resize.parse(values.text(RESIZE, Resize.CROP.key())), ReadMode.parse(values.text(MODE, ReadMode.FAILFAST.name())),
                    values.decimal(MAX_MALFORMED, 0.01));
        } catch (IllegalArgumentException e) {
            throw values.invalid(e);
        }
    }

    /** Runs saved before the key existed trained every replica at the learning rate. */
    private static LearningRateScaling scaling(Values values) {
        try {
            return LearningRateScaling.parse(values.text(LEARNING_RATE_SCALING, LearningRateScaling.NONE.key()));
        } catch (IllegalArgumentException e) {
            throw values.invalid(e);
        }
    }

    /** Runs saved before the key existed kept Adam's beta2 whatever the replicas. */
    private static AdamMemory adamMemory(Values values) {
        try {
            return AdamMemory.parse(values.text(ADAM_MEMORY, AdamMemory.STEPS.key()));
        } catch (IllegalArgumentException e) {
            throw values.invalid(e);
        }
    }

    /** Runs saved before there were schedules trained at a constant rate. */
    private static LearningRateSchedule schedule(Values values) {
        LearningRateSchedule constant = LearningRateSchedule.CONSTANT;
        try {
            return new LearningRateSchedule(
                    LearningRateSchedule.Shape.parse(values.text(LEARNING_RATE_SCHEDULE, constant.shape().key())),
                    values.integer(LEARNING_RATE_WARMUP_STEPS, constant.warmupSteps()),
                    values.decimal(LEARNING_RATE_MIN, constant.minRate()),
                    values.integer(LEARNING_RATE_DECAY_EPOCHS, constant.decayEpochs()),
                    values.decimal(LEARNING_RATE_DECAY_FACTOR, constant.decayFactor()),
                    values.decimal(LEARNING_RATE_COOLDOWN, constant.cooldownFraction()));
        } catch (IllegalArgumentException e) {
            throw values.invalid(e);
        }
    }

    /** Runs saved before there was an outer optimizer were trained with plain averaging. */
    private static OuterOptimizerConfig outer(Values values) {
        try {
            return OuterOptimizerConfig.parse(values.decimal(OUTER_LEARNING_RATE, OuterOptimizerConfig.PLAIN.learningRate()),
                    values.text(OUTER_MOMENTUM, OuterOptimizerConfig.PLAIN.momentumText()),
                    values.integer(OUTER_WARMUP_STEPS, 0));
        } catch (IllegalArgumentException e) {
            throw values.invalid(e);
        }
    }

    /**
     * Runs saved before there were several families are PixelCNNs; runs saved before the key was renamed
     * name their family {@code model}; runs saved before there were several likelihoods are softmax.
     */
    private static ModelConfig model(Values values) {
        try {
            String family = values.text(FAMILY, values.text(OLD_FAMILY_KEY, ModelFamily.PIXELCNN.key()));
            return new ModelConfig(ModelFamily.parse(family),
                    values.integer(HIDDEN), values.integer(BLOCKS), values.integer(FIRST_KERNEL),
                    values.integer(BLOCK_KERNEL),
                    PixelLikelihood.parse(values.text(LIKELIHOOD, SoftmaxLikelihood.KEY),
                            values.integer(MIXTURES, PixelLikelihood.DEFAULT_MIXTURES)));
        } catch (IllegalArgumentException e) {
            throw values.invalid(e);
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    /** Typed reads of required keys, with errors that name the source and the key. */
    private record Values(Properties properties, String source) {

        String text(String key) {
            String value = properties.getProperty(key);
            if (value == null) {
                throw new InvalidConfigException(source + ": missing key " + key);
            }
            return value.trim();
        }

        /** A key that older runs did not save: {@code fallback} when missing. */
        String text(String key, String fallback) {
            return properties.getProperty(key, fallback).trim();
        }

        int integer(String key, int fallback) {
            return properties.getProperty(key) == null ? fallback : integer(key);
        }

        double decimal(String key, double fallback) {
            return properties.getProperty(key) == null ? fallback : decimal(key);
        }

        InvalidConfigException invalid(IllegalArgumentException e) {
            return e instanceof InvalidConfigException already ? already
                    : new InvalidConfigException(source + ": " + e.getMessage());
        }

        int integer(String key) {
            try {
                return Integer.parseInt(text(key));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(source + ": " + key + " is not a whole number: '" + text(key) + "'");
            }
        }

        long whole(String key) {
            try {
                return Long.parseLong(text(key));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(source + ": " + key + " is not a whole number: '" + text(key) + "'");
            }
        }

        double decimal(String key) {
            try {
                return Double.parseDouble(text(key));
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(source + ": " + key + " is not a number: '" + text(key) + "'");
            }
        }
    }
}
