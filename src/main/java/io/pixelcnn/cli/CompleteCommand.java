package io.pixelcnn.cli;

import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.data.BadInputException;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.PreparedImage;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.sample.Completions;
import io.pixelcnn.sample.ImageClasses;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.sample.Samplers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "complete", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Image completion: keep the top rows of real images, sample the rest from the model.",
                "Writes a PNG grid with one row per image: original | occluded | completed."})
final class CompleteCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(CompleteCommand.class);

    @Mixin
    ConfOption conf;

    @Mixin
    ModelOption model;

    @Mixin
    DatasetOption dataset;

    @Mixin
    OverwriteOption overwrite;

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = "--n", paramLabel = "N", defaultValue = "8", description = "Images to complete: the dataset's first N.")
    int count;

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = "--keep-rows", paramLabel = "R", description = "Rows kept from each image (default: the top half).")
    Integer keepRows;

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = ClassChoice.OPTION, paramLabel = "NAME", description = {"A class-conditional model: complete "
            + "every image as class NAME (one of the classes saved with the model; required for such a model). "
            + "An unconditional model takes no --class."})
    String className;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--out", paramLabel = "PNG", defaultValue = "completions.png", description = "The grid to write (must not exist yet, unless --overwrite).")
    String out;

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = "--sample-batch", paramLabel = "N", defaultValue = "64", description = "Images completed together.")
    int batch;

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = "--seed", paramLabel = "N", description = "Seed of the draws.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || batch < 1) {
            throw new InvalidConfigException("--n and --sample-batch must be at least 1");
        }
        overwrite.requireWritable("--out", out, SparkJobs.hadoopConfiguration(), false);
        try (JavaSparkContext sc = SparkJobs.start("pixelcnn-complete")) {
            Configuration conf = sc.hadoopConfiguration();
            ComputationGraph graph = model.load(conf);
            ImageShape shape = ModelGraph.imageShape(graph.getConfiguration());
            ImageClasses classes = ClassChoice.of(className == null ? List.of() : List.of(className), model, graph,
                    conf, false);
            int keep = keepRows != null ? keepRows : shape.height() / 2;
            if (keep < 0 || keep > shape.height()) {
                throw new InvalidConfigException("--keep-rows must be within 0.." + shape.height() + ", got " + keep);
            }
            List<byte[]> originals = new ArrayList<>();
            for (PreparedImage image : ImageData.first(sc, dataset.spec(model, shape, conf), count)) {
                if (!image.has(shape)) {
                    throw new BadInputException(image.name() + ": " + image.shape() + " image, the model takes "
                            + shape + " (train with --image-size to fit images of every size)");
                }
                originals.add(image.pixels());
            }

            long start = System.nanoTime();
            List<byte[]> completed = Samplers.forModel(graph, shape, batch).complete(originals, keep, seed, classes);
            double seconds = (System.nanoTime() - start) / 1e9;

            List<byte[]> tiles = Completions.comparison(originals, completed, shape, keep);
            ImageGrid.writePng(ImageGrid.grid(tiles, shape, Completions.COLUMNS), new Path(out), conf);
            log.info(String.format(Locale.ROOT, "%d images completed below row %d in %.1fs, written to %s",
                    originals.size(), keep, seconds, out));
        }
        return ExitCodes.OK;
    }
}
