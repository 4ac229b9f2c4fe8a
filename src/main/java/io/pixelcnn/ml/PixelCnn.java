package io.pixelcnn.ml;

import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageSource;
import io.pixelcnn.data.ImageSources;
import io.pixelcnn.data.Labelling;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.train.EpochListener;
import io.pixelcnn.train.TrainingData;
import io.pixelcnn.train.TrainingRun;
import io.pixelcnn.train.TrainingStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The Spark ML front door to {@code train}: an {@link Estimator} whose {@code fit} trains a model on a
 * DataFrame's column of images (encoded bytes, a Hugging Face struct, Spark's {@code binaryFile} rows or
 * its {@code image} source) with the same stages, the same parameter averaging and the same checks as the
 * command line. Its Params are {@code train}'s options, named in camelCase. With a labelCol it trains a
 * class-conditional model, as {@code train --label-column} does: the classes are the column's distinct
 * values, ordered and named as the command line's table source orders and names them.
 */
public final class PixelCnn extends Estimator<PixelCnnModel> implements DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final ConfigParams config;
    private final Param<String> family;
    private final IntParam hidden;
    private final IntParam blocks;
    private final Param<String> imageSize;
    private final Param<String> resize;
    private final IntParam channels;
    private final Param<String> mode;
    private final DoubleParam maxMalformed;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final IntParam averagingFrequency;
    private final DoubleParam learningRate;
    private final IntParam learningRateWarmupSteps;
    private final LongParam seed;
    private final IntParam workers;
    private final Param<String> checkpointDir;
    private final Param<String> inputCol;
    private final Param<String> labelCol;

    public PixelCnn() {
        this(Identifiable.randomUID("pixelCnn"));
    }

    public PixelCnn(String uid) {
        this.uid = uid;
        config = new ConfigParams(uid);
        family = config.text(JobConfig.FAMILY, "model family: pixelcnn, gated-pixelcnn, row-lstm or diagonal-bilstm");
        hidden = config.integer(JobConfig.HIDDEN, "width: channels of the residual blocks and LSTMs (the rest 2x)");
        blocks = config.integer(JobConfig.BLOCKS, "depth: residual blocks, gated or LSTM layers after the first layer");
        imageSize = config.text(JobConfig.IMAGE_SIZE, "HxW every image is fitted to (empty: images keep their size, which must agree)");
        resize = config.text(JobConfig.RESIZE, "with imageSize: crop, pad or stretch");
        channels = config.integer(JobConfig.CHANNELS, "channels images are decoded into: 1 grayscale, 3 RGB");
        mode = config.text(JobConfig.MODE, "a malformed image (an invalid row of Spark's image source, say): FAILFAST or DROPMALFORMED");
        maxMalformed = config.decimal(JobConfig.MAX_MALFORMED, "with DROPMALFORMED: the largest fraction of malformed images tolerated");
        epochs = config.integer(JobConfig.EPOCHS, "passes over the training images");
        batchSize = config.integer(JobConfig.BATCH_SIZE, "images per minibatch on each worker (and per forward pass when scoring)");
        averagingFrequency = config.integer(JobConfig.AVERAGING_FREQUENCY, "minibatches per worker between parameter averagings");
        learningRate = config.decimal(JobConfig.LEARNING_RATE, "Adam learning rate");
        learningRateWarmupSteps = config.integer(JobConfig.LEARNING_RATE_WARMUP_STEPS,
                "minibatch steps of each worker whose learning rate climbs linearly to it (0: none)");
        seed = config.whole(JobConfig.SEED, "seed for weights, mixing and averaging splits");
        workers = config.integer(JobConfig.WORKERS, "model replicas trained in parallel (0: Spark's default parallelism)");
        checkpointDir = new Param<>(uid, "checkpointDir", "a new run directory for the training run's checkpoints, "
                + "metrics and model (empty: a temporary one, deleted after fit)");
        inputCol = new Param<>(uid, "inputCol", ScoreColumns.INPUT_COL_DOC);
        labelCol = new Param<>(uid, "labelCol", ScoreColumns.LABEL_COL_DOC);
        for (Map.Entry<Param<Object>, Object> value : config.defaults()) {
            setDefault(value.getKey(), value.getValue());
        }
        setDefault(checkpointDir, "");
        setDefault(inputCol, "image");
        setDefault(labelCol, "");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Reads an estimator {@code write().save(path)} wrote. */
    public static MLReader<PixelCnn> read() {
        return new DefaultParamsReader<>();
    }

    public static PixelCnn load(String path) {
        return read().load(path);
    }

    @Override
    public PixelCnnModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        JobConfig job = jobConfig().withParallelismOf(sc.defaultParallelism());
        ImageSource images = ImageSources.of(dataset.toDF(), getInputCol(), "column '" + getInputCol() + "'",
                "the inputCol parameter", job.data().labelling().column());
        try (FitDirectory folder = FitDirectory.open(getCheckpointDir(), sc.hadoopConfiguration());
             TrainingData data = TrainingData.ofOneSource(sc, job, images)) {
            RunDirectory run = folder.run();
            TrainingStart start = TrainingStart.fresh(job, data.shape(), data.classes(), run);
            ComputationGraph graph = new TrainingRun(sc, job, data.shape(), run, EpochListener.NONE).run(start, data);
            return copyValues(new PixelCnnModel(uid, graph, job, data.classes()), ParamMap.empty()).setParent(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fit was interrupted", e);
        }
    }

    /** The training configuration the Params ask for, checked as the command line checks {@code train}'s options. */
    JobConfig jobConfig() {
        JobConfig job = config.jobConfig(this::getOrDefault, "DataFrame column '" + getInputCol() + "'");
        if (getLabelCol().isBlank()) {
            return job; // unconditional: the configuration it always was
        }
        // saved with the model (config.properties) as train --label-column saves it
        return new JobConfig(job.data().withLabelling(Labelling.fromColumn(getLabelCol())), job.model(), job.train());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        jobConfig();
        ScoreColumns.imageColumn(schema, getInputCol());
        ScoreColumns.requireLabelColumn(schema, getLabelCol());
        return ScoreColumns.appendedTo(schema);
    }

    @Override
    public PixelCnn copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public Param<String> family() {
        return family;
    }

    public IntParam hidden() {
        return hidden;
    }

    public IntParam blocks() {
        return blocks;
    }

    public Param<String> imageSize() {
        return imageSize;
    }

    public Param<String> resize() {
        return resize;
    }

    public IntParam channels() {
        return channels;
    }

    public Param<String> mode() {
        return mode;
    }

    public DoubleParam maxMalformed() {
        return maxMalformed;
    }

    public IntParam epochs() {
        return epochs;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public IntParam averagingFrequency() {
        return averagingFrequency;
    }

    public DoubleParam learningRate() {
        return learningRate;
    }

    public IntParam learningRateWarmupSteps() {
        return learningRateWarmupSteps;
    }

    public LongParam seed() {
        return seed;
    }

    public IntParam workers() {
        return workers;
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public String getInputCol() {
        return $(inputCol);
    }

    public String getLabelCol() {
        return $(labelCol);
    }

    public String getCheckpointDir() {
        return $(checkpointDir);
    }

    public PixelCnn setFamily(String value) {
        return (PixelCnn) set(family, value);
    }

    public PixelCnn setHidden(int value) {
        return (PixelCnn) set(hidden, value);
    }

    public PixelCnn setBlocks(int value) {
        return (PixelCnn) set(blocks, value);
    }

    public PixelCnn setImageSize(String value) {
        return (PixelCnn) set(imageSize, value);
    }

    public PixelCnn setResize(String value) {
        return (PixelCnn) set(resize, value);
    }

    public PixelCnn setChannels(int value) {
        return (PixelCnn) set(channels, value);
    }

    public PixelCnn setMode(String value) {
        return (PixelCnn) set(mode, value);
    }

    public PixelCnn setMaxMalformed(double value) {
        return (PixelCnn) set(maxMalformed, value);
    }

    public PixelCnn setEpochs(int value) {
        return (PixelCnn) set(epochs, value);
    }

    public PixelCnn setBatchSize(int value) {
        return (PixelCnn) set(batchSize, value);
    }

    public PixelCnn setAveragingFrequency(int value) {
        return (PixelCnn) set(averagingFrequency, value);
    }

    public PixelCnn setLearningRate(double value) {
        return (PixelCnn) set(learningRate, value);
    }

    public PixelCnn setLearningRateWarmupSteps(int value) {
        return (PixelCnn) set(learningRateWarmupSteps, value);
    }

    public PixelCnn setSeed(long value) {
        return (PixelCnn) set(seed, value);
    }

    public PixelCnn setWorkers(int value) {
        return (PixelCnn) set(workers, value);
    }

    public PixelCnn setCheckpointDir(String value) {
        return (PixelCnn) set(checkpointDir, value);
    }

    public PixelCnn setInputCol(String value) {
        return (PixelCnn) set(inputCol, value);
    }

    public PixelCnn setLabelCol(String value) {
        return (PixelCnn) set(labelCol, value);
    }
}
