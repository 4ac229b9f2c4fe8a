package io.pixelcnn.config;

import io.pixelcnn.model.ModelConfig;
import java.io.Serializable;
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
    public static final String CHANNELS = "channels";
    public static final String RECORD_SHAPE = "record-shape";
    public static final String RECORD_LABEL_BYTES = "record-label-bytes";
    public static final String HIDDEN = "hidden";
    public static final String BLOCKS = "blocks";
    public static final String FIRST_KERNEL = "first-kernel";
    public static final String BLOCK_KERNEL = "block-kernel";
    public static final String EPOCHS = "epochs";
    public static final String BATCH_SIZE = "batch-size";
    public static final String AVERAGING_FREQUENCY = "averaging-frequency";
    public static final String PREFETCH = "prefetch";
    public static final String LEARNING_RATE = "learning-rate";
    public static final String SEED = "seed";
    public static final String WORKERS = "workers";
    public static final String TRAIN_EVAL_LIMIT = "train-eval-limit";

    /** Keys a resumed run may change: they decide how long and how fast it trains, not what it is. */
    public static final Set<String> CHANGEABLE_ON_RESUME = Set.of(EPOCHS, LEARNING_RATE);

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

    /** Key to value, in the order of {@code conf/pixelcnn.conf}. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(TRAIN_DATA, data.trainData());
        map.put(TEST_DATA, data.testData());
        map.put(TRAIN_LIMIT, Long.toString(data.trainLimit()));
        map.put(TEST_LIMIT, Long.toString(data.testLimit()));
        map.put(PARTITIONS, Integer.toString(data.partitions()));
        map.put(CHANNELS, Integer.toString(data.channels()));
        map.put(RECORD_SHAPE, data.recordShape());
        map.put(RECORD_LABEL_BYTES, Integer.toString(data.recordLabelBytes()));
        map.put(HIDDEN, Integer.toString(model.hidden()));
        map.put(BLOCKS, Integer.toString(model.blocks()));
        map.put(FIRST_KERNEL, Integer.toString(model.firstKernel()));
        map.put(BLOCK_KERNEL, Integer.toString(model.blockKernel()));
        map.put(EPOCHS, Integer.toString(train.epochs()));
        map.put(BATCH_SIZE, Integer.toString(train.batchSize()));
        map.put(AVERAGING_FREQUENCY, Integer.toString(train.averagingFrequency()));
        map.put(PREFETCH, Integer.toString(train.prefetch()));
        map.put(LEARNING_RATE, Double.toString(train.learningRate()));
        map.put(SEED, Long.toString(train.seed()));
        map.put(WORKERS, Integer.toString(train.workers()));
        map.put(TRAIN_EVAL_LIMIT, Long.toString(train.trainEvalLimit()));
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
                        values.whole(TEST_LIMIT), values.integer(PARTITIONS), values.integer(CHANNELS),
                        values.text(RECORD_SHAPE), values.integer(RECORD_LABEL_BYTES)),
                model(values),
                new TrainConfig(values.integer(EPOCHS), values.integer(BATCH_SIZE), values.integer(AVERAGING_FREQUENCY),
                        values.integer(PREFETCH), values.decimal(LEARNING_RATE), values.whole(SEED),
                        values.integer(WORKERS), values.whole(TRAIN_EVAL_LIMIT)));
    }

    private static ModelConfig model(Values values) {
        try {
            return new ModelConfig(values.integer(HIDDEN), values.integer(BLOCKS), values.integer(FIRST_KERNEL),
                    values.integer(BLOCK_KERNEL));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(values.source + ": " + e.getMessage());
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
