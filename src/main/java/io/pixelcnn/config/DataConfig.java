package io.pixelcnn.config;

import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.Labelling;
import io.pixelcnn.data.Preparation;
import io.pixelcnn.data.SourceFormat;
import java.io.Serializable;

/**
 * Where the images come from, how they are stored and prepared, and how they are spread over the cluster.
 *
 * @param trainData   IDX file, record files, image folder or table, on any Hadoop file system
 * @param testData    likewise, for per-epoch evaluation
 * @param trainLimit  first images of the training set to use; 0 uses all
 * @param testLimit   first images of the test set to use; 0 uses all
 * @param partitions  partitions to spread the images over; 0 means one per worker
 * @param format      how both datasets are stored
 * @param preparation how their images are decoded, sized and checked
 * @param labelling   whether both datasets are read with their classes (a class-conditional run), and where
 *                    a table keeps them; {@link Labelling#NONE} for an unconditional run
 */
public record DataConfig(String trainData, String testData, long trainLimit, long testLimit, int partitions,
                         SourceFormat format, Preparation preparation, Labelling labelling) implements Serializable {

    public DataConfig {
        Check.that(trainLimit >= 0, "train-limit must not be negative, got " + trainLimit);
        Check.that(testLimit >= 0, "test-limit must not be negative, got " + testLimit);
        Check.that(partitions >= 0, "partitions must not be negative, got " + partitions);
        labelling = labelling == null ? Labelling.NONE : labelling;
    }

    /** An unconditional run's data: images only. */
    public DataConfig(String trainData, String testData, long trainLimit, long testLimit, int partitions,
                      SourceFormat format, Preparation preparation) {
        this(trainData, testData, trainLimit, testLimit, partitions, format, preparation, Labelling.NONE);
    }

    public DataConfig withPartitions(int newPartitions) {
        return new DataConfig(trainData, testData, trainLimit, testLimit, newPartitions, format, preparation,
                labelling);
    }

    public DataConfig withLabelling(Labelling newLabelling) {
        return new DataConfig(trainData, testData, trainLimit, testLimit, partitions, format, preparation,
                newLabelling);
    }

    public DatasetSpec train() {
        return new DatasetSpec(trainData, trainLimit, format, preparation, labelling);
    }

    public DatasetSpec test() {
        return new DatasetSpec(testData, testLimit, format, preparation, labelling);
    }
}
