package io.pixelcnn.train;

import io.pixelcnn.config.DataConfig;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The images a run trains and scores on, read, checked and cached on the executors before the run
 * writes anything: a bad file stops the job here, with nothing left behind.
 */
public record TrainingData(ImageData train, ImageData test, long trainEvalLimit, int partitions)
        implements AutoCloseable {

    public static TrainingData load(JavaSparkContext sc, JobConfig config) {
        DataConfig data = config.data();
        int partitions = data.partitions() > 0 ? data.partitions()
                : config.train().workers() > 0 ? config.train().workers() : sc.defaultParallelism();
        ImageData train = ImageData.load(sc, data.trainData(), data.channels(), data.records(), data.trainLimit(),
                partitions);
        try {
            ImageData test = ImageData.load(sc, data.testData(), data.channels(), data.records(), data.testLimit(),
                    partitions);
            test.requireShape(train.shape(), data.trainData());
            return new TrainingData(train, test, config.train().trainEvalLimit(), partitions);
        } catch (RuntimeException e) {
            train.close();
            throw e;
        }
    }

    public ImageShape shape() {
        return train.shape();
    }

    /** The training images scored after each epoch. */
    public JavaRDD<byte[]> trainEval() {
        return train.head(trainEvalLimit);
    }

    /** Releases both cached datasets. */
    @Override
    public void close() {
        train.close();
        test.close();
    }

    @Override
    public String toString() {
        return train.count() + " training and " + test.count() + " test images of " + shape() + " in "
                + partitions + " partitions";
    }
}
