package io.pixelcnn.config;

import io.pixelcnn.data.RecordFormat;
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
 * @param recordShape      "CxHxW" when the data are fixed-size binary records (CIFAR-10: 3x32x32); blank otherwise
 * @param recordLabelBytes label bytes before each record's pixels
 */
public record DataConfig(String trainData, String testData, long trainLimit, long testLimit, int partitions,
                         int channels, String recordShape, int recordLabelBytes) implements Serializable {

    public DataConfig {
        Check.that(trainLimit >= 0, "train-limit must not be negative, got " + trainLimit);
        Check.that(testLimit >= 0, "test-limit must not be negative, got " + testLimit);
        Check.that(partitions >= 0, "partitions must not be negative, got " + partitions);
        Check.that(channels == 1 || channels == 3, "channels must be 1 or 3, got " + channels);
        Check.that(recordLabelBytes >= 0, "record-label-bytes must not be negative, got " + recordLabelBytes);
        recordShape = recordShape == null ? "" : recordShape.trim();
        try {
            RecordFormat.parse(recordShape, recordLabelBytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    /** The record layout, or null when the data are IDX files or image folders. */
    public RecordFormat records() {
        return RecordFormat.parse(recordShape, recordLabelBytes);
    }
}
