package io.pixelcnn.cli;

import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.Labelling;
import io.pixelcnn.data.Preparation;
import io.pixelcnn.data.ReadMode;
import io.pixelcnn.data.SourceFormat;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --data} and how to read it, for the commands that apply a model to a dataset. Without
 * {@code --data} they use the run's own test set, stored as the run stored it. Either way images are
 * prepared as the run prepared them ({@code image-size}, {@code resize}, from its saved configuration),
 * in the model's channels. For a class-conditional model they are read with their labels, where and as the
 * run read its own ({@code label-column}, {@code class-names}).
 */
final class DatasetOption {

    @Grouped(OptionGroup.DATA)
    @Option(names = "--data", paramLabel = "PATH",
            description = "Images: IDX file, binary records, image folder or table. Default: the test-data the run was trained with.")
    String data;

    @Mixin
    StorageOptions storage;

    @Mixin
    MalformedOptions malformed;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Only the first N images (0: all).")
    long limit;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.PARTITIONS, paramLabel = "N", description = "Partitions to spread the images over (0: Spark's default parallelism).")
    int partitions;

    /** The dataset to read for a model that takes images of {@code modelShape}. */
    DatasetSpec spec(ModelOption model, ImageShape modelShape, Configuration conf) {
        Properties run = model.runConfig(conf);
        String source = model.path + " (its run's " + io.pixelcnn.io.RunDirectory.CONFIG + ")";
        Preparation trained = JobConfig.preparation(run, source);
        Preparation preparation;
        try {
            preparation = new Preparation(modelShape.channels(), trained.size(), trained.resize(),
                    ReadMode.parse(malformed.mode), malformed.maxMalformed);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
        Labelling labelling = labelling(model, run, source, conf);
        if (data != null) {
            return new DatasetSpec(data, limit, storage.format(), preparation, labelling);
        }
        String testData = run.getProperty(JobConfig.TEST_DATA);
        if (testData == null) {
            throw new InvalidConfigException("give --data: " + model.path + " is not in a run directory with a test-data");
        }
        SourceFormat format = JobConfig.format(run, source);
        return new DatasetSpec(testData, limit, format, preparation, labelling);
    }

    /** The run's labelling for a class-conditional model (conditional even where its configuration lost it), none for another. */
    private static Labelling labelling(ModelOption model, Properties run, String source, Configuration conf) {
        if (model.classes(conf).isEmpty()) {
            return Labelling.NONE;
        }
        Labelling saved = JobConfig.labelling(run, source);
        return saved.conditional() ? saved : new Labelling(true, saved.column(), saved.classNames());
    }

    int partitions(JavaSparkContext sc) {
        return partitions > 0 ? partitions : sc.defaultParallelism();
    }
}
