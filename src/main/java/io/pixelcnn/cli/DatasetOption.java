package io.pixelcnn.cli;

import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageSource;
import io.pixelcnn.data.ImageSources;
import io.pixelcnn.data.RecordFormat;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Option;

/**
 * {@code --data} and how to read it, for the commands that apply a model to a dataset. Without
 * {@code --data} they use the run's own test set, read the way the run read it.
 */
final class DatasetOption {

    @Option(names = "--data", paramLabel = "PATH",
            description = "Images: IDX file, image folder or binary records. Default: the test-data the run was trained with.")
    String data;

    @Option(names = "--" + JobConfig.RECORD_SHAPE, paramLabel = "CxHxW", description = "With --data: read it as fixed-size binary records of this image shape (blank: IDX or image folder). Default: ${DEFAULT-VALUE}")
    String recordShape;

    @Option(names = "--" + JobConfig.RECORD_LABEL_BYTES, paramLabel = "N", description = "With --data: label bytes before each record's pixels. Default: ${DEFAULT-VALUE}")
    int recordLabelBytes;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Only the first N images (0: all).")
    long limit;

    @Option(names = "--" + JobConfig.PARTITIONS, paramLabel = "N", description = "Partitions to spread the images over (0: Spark's default parallelism). Default: ${DEFAULT-VALUE}")
    int partitions;

    /** Where the images are and how they are stored. */
    record Dataset(String path, RecordFormat records) {
    }

    Dataset resolve(ModelOption model, Configuration conf) {
        if (data != null) {
            return new Dataset(data, RecordFormat.parse(recordShape, recordLabelBytes));
        }
        Properties run = model.runConfig(conf);
        String testData = run.getProperty(JobConfig.TEST_DATA);
        if (testData == null) {
            throw new InvalidConfigException("give --data: " + model.path + " is not in a run directory with a test-data");
        }
        return new Dataset(testData, RecordFormat.parse(run.getProperty(JobConfig.RECORD_SHAPE, ""),
                Integer.parseInt(run.getProperty(JobConfig.RECORD_LABEL_BYTES, "1"))));
    }

    /** The dataset's reader, for images of {@code channels} channels (image files are decoded into them). */
    ImageSource open(ModelOption model, int channels, Configuration conf) {
        Dataset dataset = resolve(model, conf);
        return ImageSources.open(dataset.path(), channels, dataset.records(), limit, conf);
    }

    int partitions(JavaSparkContext sc) {
        return partitions > 0 ? partitions : sc.defaultParallelism();
    }
}
