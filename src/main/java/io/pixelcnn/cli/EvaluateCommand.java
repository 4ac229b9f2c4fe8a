package io.pixelcnn.cli;

import io.pixelcnn.cluster.JobProgress;
import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.eval.BitsPerDim;
import io.pixelcnn.eval.Evaluation;
import io.pixelcnn.model.ModelGraph;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Exact negative log-likelihood of a dataset under a model, summed on the executors. A "
                + "class-conditional model scores each image given its own class, read as its run read labels.",
                "Prints one JSON object, on one line (fields below)."},
        footerHeading = "%nThe JSON object's fields:%n",
        footer = {
                "  bits_per_dim       mean negative log-likelihood per sub-pixel, in bits: the figure to compare",
                "  nll_nats_total     the negative log-likelihood of all the images together, in nats",
                "  images             images scored",
                "  dims_per_image     sub-pixels per image: channels x height x width",
                "  partitions         Spark partitions the images were spread over",
                "  bits_per_dim_ci95  95%% interval of bits_per_dim: of the mean of per-image bits/dim, normal approximation",
                "  per_image_std      standard deviation of the per-image bits/dim",
                "  seconds            time spent scoring",
                "  images_per_second  images / seconds",
                "  skipped            malformed images left out (--mode DROPMALFORMED)"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfOption conf;

    @Mixin
    ModelOption model;

    @Mixin
    DatasetOption dataset;

    @Grouped(OptionGroup.SCORING)
    @Option(names = "--" + JobConfig.BATCH_SIZE, paramLabel = "N", description = "Images per forward pass.")
    int batchSize;

    /** A sum does not depend on how images are spread: any fixed seed will do. */
    static final long MIXING_SEED = 1;

    @Override
    public Integer call() throws InterruptedException {
        try (JavaSparkContext sc = SparkJobs.start("pixelcnn-evaluate")) {
            Configuration conf = sc.hadoopConfiguration();
            ComputationGraph graph = model.load(conf);
            ImageShape shape = ModelGraph.imageShape(graph.getConfiguration());
            DatasetSpec data = dataset.spec(model, shape, conf);

            Evaluation result;
            try (ImageData images = ImageData.load(sc, data, dataset.partitions(sc), MIXING_SEED)) {
                images.requireShape(shape, "the model");
                try (JobProgress progress = ScoringProgress.start(sc, "evaluate", images.count())) {
                    result = BitsPerDim.evaluate(sc, images, model.classes(conf), graph, batchSize, progress.counter())
                            .withSkipped(images.malformed());
                    progress.finish();
                }
            }
            spec.commandLine().getOut().println(result.toJson());
        }
        return ExitCodes.OK;
    }
}
