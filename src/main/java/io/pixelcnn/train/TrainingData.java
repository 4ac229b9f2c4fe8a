package io.pixelcnn.train;

import io.pixelcnn.config.DataConfig;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.ImageSource;
import io.pixelcnn.eval.BitsPerDim;
import io.pixelcnn.eval.Evaluation;
import io.pixelcnn.io.AtomicFiles;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.RunDirectory;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;

/**
 * The images a run trains and scores on, read, checked and cached on the executors before the run
 * writes anything: bad data stops the job here, with nothing left behind. Both datasets are mixed
 * across the partitions by the run's seed, so a resumed run sees exactly the partitions it had.
 *
 * <p>A class-conditional run's datasets are read with their labels: the training set's classes are the
 * model's ({@link #classes}), and the test set is numbered as they are (a class they lack stops the run here).
 * What is fitted and scored ({@link #fitEpoch}, {@link #scoreTrainEval}, {@link #scoreTest}) is then each
 * image with its class; without labels, the images alone, as before.
 */
public record TrainingData(ImageData train, ImageData test, long trainEvalLimit, int partitions)
        implements AutoCloseable {

    /** Reads both datasets; refuses first, before reading anything, an image size no worker has the memory for. */
    public static TrainingData load(JavaSparkContext sc, JobConfig config) {
        MemoryCheck.requireFits(config, sc.getConf());
        DataConfig data = config.data();
        int partitions = config.withParallelismOf(sc.defaultParallelism()).data().partitions();
        long seed = config.train().seed();
        ImageData train = ImageData.load(sc, data.train(), partitions, seed);
        try {
            ImageData test = ImageData.load(sc, data.test(), partitions, seed);
            test.requireShape(train.shape(), data.trainData());
            train.classes().ifPresent(test::labelledAs); // numbered as the training classes, or one line now
            return new TrainingData(train, test, config.train().trainEvalLimit(), partitions);
        } catch (RuntimeException e) {
            train.close();
            throw e;
        }
    }

    /**
     * One dataset (a DataFrame's images, which come without a test set) trained on and scored after every
     * epoch: the run's test figures are then the training images' own. A conditional configuration reads
     * each image's class from the source's label column, numbered as {@code train --label-column} numbers it.
     */
    public static TrainingData ofOneSource(JavaSparkContext sc, JobConfig config, ImageSource source) {
        MemoryCheck.requireFits(config, sc.getConf());
        int partitions = config.withParallelismOf(sc.defaultParallelism()).data().partitions();
        ImageData images = ImageData.load(sc, source, config.data().preparation(), config.data().labelling(),
                config.data().trainLimit(), partitions, config.train().seed());
        return new TrainingData(images, images, config.train().trainEvalLimit(), partitions);
    }

    public ImageShape shape() {
        return train.shape();
    }

    /** The training images scored after each epoch: a fixed, fair sample of the whole training set. */
    public JavaRDD<byte[]> trainEval() {
        return train.head(trainEvalLimit);
    }

    /** The training set's classes, the model's, for a class-conditional run; empty for one without labels. */
    public Optional<ClassList> classes() {
        return train.classes();
    }

    /** Minibatches one epoch makes across all workers. */
    long minibatchesPerEpoch(SparkTrainer trainer) {
        return trainer.minibatchesPerEpoch(train.images());
    }

    /** Fits {@code model} on one pass over the training images (with their classes, for a conditional run). */
    double fitEpoch(SparkTrainer trainer, ComputationGraph model, int epoch, TrainingHook... hooks) {
        Optional<ClassList> classes = classes();
        return classes.isEmpty() ? trainer.fitEpoch(model, train.images(), epoch, hooks)
                : trainer.fitLabelledEpoch(model, train.labelled(), classes.get().size(), epoch, hooks);
    }

    /** Exact bits/dim of {@link #trainEval}'s images (given their classes, for a conditional run). */
    Evaluation scoreTrainEval(JavaSparkContext sc, ComputationGraph model, int batchSize) {
        return classes().isEmpty() ? BitsPerDim.evaluate(sc, trainEval(), shape(), model, batchSize)
                : BitsPerDim.evaluateLabelled(sc, train.head(train.labelled(), trainEvalLimit), shape(), model, batchSize);
    }

    /** Exact bits/dim of the test images (given their classes, numbered as the training set's, for a conditional run). */
    Evaluation scoreTest(JavaSparkContext sc, ComputationGraph model, int batchSize) {
        return BitsPerDim.evaluate(sc, test, classes(), model, batchSize);
    }

    /** Images of either dataset left out as malformed. */
    public long malformed() {
        return train.malformed() + test.malformed();
    }

    /**
     * {@code skipped.csv} in the run directory: {@code dataset,image,reason} for every image left out,
     * so a data team can find and mend them. Written only when there are any.
     */
    public void writeSkipped(RunDirectory run, Configuration conf) throws IOException {
        if (malformed() == 0) {
            return;
        }
        AtomicFiles.write(run.skipped(), conf, out -> {
            Writer csv = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            csv.write("dataset,image,reason\n");
            train.writeMalformed(csv, "train");
            test.writeMalformed(csv, "test");
            csv.flush();
        });
    }

    /** Releases both cached datasets. */
    @Override
    public void close() {
        train.close();
        test.close();
    }

    @Override
    public String toString() {
        String left = malformed() == 0 ? ""
                : "; " + train.malformed() + " training and " + test.malformed() + " test images skipped as malformed";
        return train.count() + " training and " + test.count() + " test images of " + shape() + " in "
                + partitions + " partitions" + left;
    }
}
