package io.pixelcnn.config;

import java.io.Serializable;

/**
 * Where the images come from and how they are spread over the cluster.
 *
 * @param trainData  IDX file or image folder on any Hadoop file system
 * @param testData   likewise, for per-epoch evaluation
 * @param trainLimit first images of the training set to use; 0 uses all
 * @param testLimit  first images of the test set to use; 0 uses all
 * @param partitions partitions to shard the images into; 0 means Spark's default parallelism
 * @param channels   colour channels image files are decoded into (1 grayscale, 3 RGB); IDX is grayscale
 */
public record DataConfig(String trainData, String testData, long trainLimit, long testLimit, int partitions,
                         int channels) implements Serializable {

    public DataConfig {
        Check.that(trainLimit >= 0, "train-limit must not be negative, got " + trainLimit);
        Check.that(testLimit >= 0, "test-limit must not be negative, got " + testLimit);
        Check.that(partitions >= 0, "partitions must not be negative, got " + partitions);
        Check.that(channels == 1 || channels == 3, "channels must be 1 or 3, got " + channels);
    }
}
