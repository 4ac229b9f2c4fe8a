package io.pixelcnn.cli;

import io.pixelcnn.cluster.JobProgress;
import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.BadInputException;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.Labelling;
import io.pixelcnn.eval.Classification;
import io.pixelcnn.eval.GenerativeClassifier;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.report.ClassificationOutput;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "classify", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"A class-conditional model as a generative classifier: for every image, on the executors, "
                + "log p(x|y) + log p(y) for every class y, the prediction the largest.",
                "p(y) is the training images' class frequency, add-one smoothed ((count + 1) / (total + K)), so a "
                        + "class the training set lacked is unlikely, not impossible.",
                "The data is read with labels as the model's run read them, numbered as the model's classes. Writes "
                        + ClassificationOutput.JSON + " and " + ClassificationOutput.PICTURE
                        + " (the confusion matrix, rows the true class) into --out; prints one line."},
        footerHeading = "%n" + ClassificationOutput.JSON + "'s fields:%n",
        footer = {
                "  images                    images classified",
                "  accuracy                  the fraction whose predicted class is their own",
                "  classes                   the model's classes, in its order: the order of every array below",
                "  confusion                 K x K image counts: row the true class, column the predicted one",
                "  recall                    per class, the fraction of its images predicted as it (null: none)",
                "  bits_per_dim_given_label  mean -log2 p(x|y) per sub-pixel, y the image's own class",
                "  prior                     p(y) as used: the training counts, add-one smoothed",
                "  dims_per_image            sub-pixels per image: channels x height x width",
                "  partitions                Spark partitions the images were spread over",
                "  seconds                   time spent classifying (K forward passes per minibatch)",
                "  images_per_second         images / seconds",
                "  skipped                   malformed images left out (--mode DROPMALFORMED)"})
final class ClassifyCommand implements Callable<Integer> {

    static final String DEFAULT_OUT = "classify";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfOption conf;

    @Mixin
    ModelOption model;

    @Mixin
    DatasetOption dataset;

    @Mixin
    OverwriteOption overwrite;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--out", paramLabel = "DIR", defaultValue = DEFAULT_OUT, description = "The folder to write "
            + ClassificationOutput.JSON + " and " + ClassificationOutput.PICTURE + " into (must not exist yet, "
            + "unless --overwrite).")
    String out;

    @Grouped(OptionGroup.SCORING)
    @Option(names = "--" + JobConfig.BATCH_SIZE, paramLabel = "N", description = "Images per forward pass (each "
            + "is made once per class).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        // before any work, as score checks --out: an existing folder, a file in the way, a host that cannot be reached
        overwrite.requireWritable("--out", out, SparkJobs.hadoopConfiguration(), true);
        try (JavaSparkContext sc = SparkJobs.start("pixelcnn-classify")) {
            Configuration conf = sc.hadoopConfiguration();
            ComputationGraph graph = model.load(conf);
            ClassList classes = modelClasses(graph, conf);
            ImageShape shape = ModelGraph.imageShape(graph.getConfiguration());
            DatasetSpec data = dataset.spec(model, shape, conf).withLabelling(labelling(conf));

            Classification result;
            try (ImageData images = ImageData.load(sc, data, dataset.partitions(sc), EvaluateCommand.MIXING_SEED)) {
                images.requireShape(shape, "the model");
                // one forward pass per class per image: the slowest scoring there is, so it reports as it goes
                try (JobProgress progress = ScoringProgress.start(sc, "classify", images.count())) {
                    result = GenerativeClassifier.classify(sc, images.labelledAs(classes), shape, graph, classes,
                            batchSize, progress.counter()).withSkipped(images.malformed());
                    progress.finish();
                }
            }
            ClassificationOutput.write(result, new Path(out), overwrite.overwrite, conf);
            spec.commandLine().getOut().println(result.summary() + "; " + ClassificationOutput.JSON + " and "
                    + ClassificationOutput.PICTURE + " in " + out);
        }
        return ExitCodes.OK;
    }

    /** The classes the model was trained on: one line, before any data is read, for an unconditional model. */
    private ClassList modelClasses(ComputationGraph graph, Configuration conf) {
        return model.classes(conf).filter(classes -> ModelGraph.classes(graph.getConfiguration()) == classes.size())
                .orElseThrow(() -> new BadInputException(model.path + " is not class-conditional: classify needs a "
                        + "model trained with --conditional (or a label source)"));
    }

    /**
     * The labels read as the model's run read them (its label column, its class names for IDX files and records);
     * a model zip without its run's configuration reads them from wherever the source keeps them.
     */
    private Labelling labelling(Configuration conf) {
        Labelling run = JobConfig.labelling(model.runConfig(conf), model.path + " (its run's " + RunDirectory.CONFIG + ")");
        return run.conditional() ? run : Labelling.fromSource();
    }
}
