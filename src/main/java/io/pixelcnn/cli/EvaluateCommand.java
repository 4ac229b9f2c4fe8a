package io.pixelcnn.cli;

import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.RecordFormat;
import java.util.Properties;
import io.pixelcnn.eval.BitsPerDim;
import io.pixelcnn.eval.Evaluation;
import io.pixelcnn.model.PixelCnn;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "evaluate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Exact negative log-likelihood of a dataset under a model, summed on the executors.",
                "Prints one JSON object: bits_per_dim, nll_nats_total, images, dims_per_image, partitions, bits_per_dim_ci95."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfOption conf;

    @Mixin
    ModelOption model;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Images to score: IDX file or image folder. Default: the test-data the run was trained with.")
    String data;

    @Option(names = "--" + JobConfig.RECORD_SHAPE, paramLabel = "CxHxW", description = "With --data: read it as fixed-size binary records of this image shape (blank: IDX or image folder). Default: ${DEFAULT-VALUE}")
    String recordShape;

    @Option(names = "--" + JobConfig.RECORD_LABEL_BYTES, paramLabel = "N", description = "With --data: label bytes before each record's pixels. Default: ${DEFAULT-VALUE}")
    int recordLabelBytes;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Score only the first N images (0: all).")
    long limit;

    @Option(names = "--" + JobConfig.PARTITIONS, paramLabel = "N", description = "Partitions to spread the images over (0: Spark's default parallelism). Default: ${DEFAULT-VALUE}")
    int partitions;

    @Option(names = "--" + JobConfig.BATCH_SIZE, paramLabel = "N", description = "Images per forward pass. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Override
    public Integer call() {
        try (JavaSparkContext sc = SparkJobs.start("pixelcnn-evaluate")) {
            ComputationGraph graph = model.load(sc.hadoopConfiguration());
            ImageShape shape = PixelCnn.imageShape(graph.getConfiguration());
            String dataset = data;
            RecordFormat records = RecordFormat.parse(recordShape, recordLabelBytes);
            if (dataset == null) {
                // the run's own test set, read the way the run read it
                Properties run = model.runConfig(sc.hadoopConfiguration());
                dataset = run.getProperty(JobConfig.TEST_DATA);
                records = RecordFormat.parse(run.getProperty(JobConfig.RECORD_SHAPE, ""),
                        Integer.parseInt(run.getProperty(JobConfig.RECORD_LABEL_BYTES, "1")));
            }
            if (dataset == null) {
                throw new InvalidConfigException("give --data: " + model.path + " is not in a run directory with a test-data");
            }
            int shards = partitions > 0 ? partitions : sc.defaultParallelism();
            ImageData images = ImageData.load(sc, dataset, shape.channels(), records, limit, shards);
            images.requireShape(shape, "the model");
            Evaluation result = BitsPerDim.evaluate(sc, images.images(), shape, graph, batchSize);
            spec.commandLine().getOut().println(result.toJson());
        }
        return ExitCodes.OK;
    }
}
