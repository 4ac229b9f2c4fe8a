package io.pixelcnn.cli;

import io.pixelcnn.cluster.JobProgress;
import io.pixelcnn.cluster.ProgressSink;
import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.sample.ImageClasses;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.sample.SampleFormat;
import io.pixelcnn.sample.SampleJob;
import io.pixelcnn.sample.SampleWriter;
import io.pixelcnn.sample.Samplers;
import java.io.IOException;
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

@Command(name = "sample", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Generate images pixel by pixel in raster order from a trained model.",
                "Without --out-dir: a PNG grid, made on this machine. With --out-dir: on the cluster's executors, "
                        + "each image from its own seed, as PNG files or a Parquet table."})
final class SampleCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SampleCommand.class);
    private static final String DEFAULT_GRID = "samples.png";
    /** A grid beside --out-dir shows at most this many of the images. */
    private static final int GRID_IMAGES = 64;

    @Mixin
    ConfOption conf;

    @Mixin
    ModelOption model;

    @Mixin
    OverwriteOption overwrite;

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = "--n", paramLabel = "N", defaultValue = "64", description = "Images to generate.")
    int count;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--out", paramLabel = "PNG", description = {"Grid of the images (any Hadoop path; must not exist yet, unless --overwrite): "
            + DEFAULT_GRID + " by default without --out-dir; with --out-dir only when given, then of the first " + GRID_IMAGES
            + " images (the same images, made again on this machine in the same batches)."})
    String out;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--out-dir", paramLabel = "DIR", description = {"Generate on the executors and write every image "
            + "to DIR (any Hadoop path; must not exist yet, unless --overwrite): DIR/sample-NNNNNNN.png, or a Parquet table with --format "
            + "parquet. Written in full or not at all."})
    String outDir;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--format", paramLabel = "png|parquet", defaultValue = "png", description = {"With --out-dir: png "
            + "(one file per image) or parquet (a table of index, seed, png)."})
    String format;

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = ClassChoice.OPTION, paramLabel = "NAME", description = {"A class-conditional model: draw images of "
            + "class NAME (one of the classes saved with the model; repeat for several). The images take the classes "
            + "in turn, image i the (i mod K)-th of the K asked: the grid has one row per class, and --out-dir lists "
            + "each file's class in DIR/" + SampleWriter.CLASS_MANIFEST + " (a class column with --format parquet). "
            + "Default: every class of a conditional model. An unconditional model takes no --class."})
    List<String> classNames = new ArrayList<>();

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0", description = {"With --out-dir: Spark "
            + "partitions (0: four per executor core). The images do not depend on it."})
    int partitions;

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = "--sample-batch", paramLabel = "N", defaultValue = "256", description = {"Images generated together: the cached sampler computes one position of every layer per sub-pixel for all of them at once, so larger batches use the CPU better (about 17 MB of activations per 256 images for the default PixelCNN)."})
    int batch;

    @Grouped(OptionGroup.SAMPLING)
    @Option(names = "--seed", paramLabel = "N", description = {"Seed of the draws: image i draws from a stream of "
            + "its own, made from the seed and i, so the same seed gives the same images however the work is cut up."})
    long seed;

    @Override
    public Integer call() throws Exception {
        SampleFormat outputFormat = checkOptions();
        Configuration hadoop = SparkJobs.hadoopConfiguration();
        requireUsableOutputs(hadoop);
        ComputationGraph graph = model.load(hadoop);
        ImageShape shape = ModelGraph.imageShape(graph.getConfiguration());
        ImageClasses classes = ClassChoice.of(classNames, model, graph, hadoop, true);

        if (outDir != null) {
            sampleOnCluster(graph, shape, classes, outputFormat);
        }
        if (writesGrid()) {
            writeGrid(graph, shape, classes, hadoop);
        }
        return ExitCodes.OK;
    }

    private SampleFormat checkOptions() {
        if (count < 1 || batch < 1 || partitions < 0) {
            throw new InvalidConfigException("--n and --sample-batch must be at least 1, --partitions 0 or more");
        }
        if (outDir == null && (!"png".equals(format) || partitions != 0)) {
            throw new InvalidConfigException("--format and --partitions apply to --out-dir: give --out-dir DIR");
        }
        try {
            return SampleFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("--format: " + e.getMessage());
        }
    }

    /**
     * Before any work: an existing DIR or grid is refused without --overwrite (an existing DIR would be mixed
     * with older images, even an empty one); a grid written after the cluster's job must not fail then for a
     * file in the way.
     */
    private void requireUsableOutputs(Configuration hadoop) throws IOException {
        if (outDir != null) {
            overwrite.requireWritable("--out-dir", outDir, hadoop, true);
        }
        if (writesGrid()) {
            overwrite.requireWritable("--out", gridPath(), hadoop, false);
        }
    }

    private boolean writesGrid() {
        return outDir == null || out != null;
    }

    private String gridPath() {
        return out != null ? out : DEFAULT_GRID;
    }

    private void sampleOnCluster(ComputationGraph graph, ImageShape shape, ImageClasses classes,
                                 SampleFormat outputFormat) throws Exception {
        try (JavaSparkContext sc = SparkJobs.start("pixelcnn-sample")) {
            int parts = partitions > 0 ? partitions : SampleJob.defaultPartitions(count, batch, sc.defaultParallelism());
            SampleJob.Request request = new SampleJob.Request(count, batch, seed, parts, outputFormat, outDir,
                    overwrite.overwrite, classes);
            log.info("{} images of {} in {} partitions, batches of {}, seed {}, {}", count, shape, parts, batch, seed,
                    classes);
            long start = System.nanoTime();
            try (JobProgress progress = new JobProgress(sc, "sample", "images", count, ProgressSink.intervalMillis(),
                    ProgressSink.forConsoleOr(log))) {
                SampleJob.run(sc, graph, shape, request, sc.hadoopConfiguration(), progress);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info(String.format(Locale.ROOT, "%d images of %s in %.1fs (%.2f images/s) written to %s (%s)", count,
                    shape, seconds, count / seconds, outDir, outputFormat.name().toLowerCase(Locale.ROOT)));
        }
    }

    private void writeGrid(ComputationGraph graph, ImageShape shape, ImageClasses classes, Configuration hadoop)
            throws IOException {
        int shown = outDir == null ? count : Math.min(count, GRID_IMAGES);
        String grid = gridPath();
        long start = System.nanoTime();
        // whole blocks of --sample-batch, as the executors made them: the same batches, so the same images
        int blocks = (int) Math.min(count, ((shown + (long) batch - 1) / batch) * batch);
        List<byte[]> images = Samplers.forModel(graph, shape, batch).sample(0, blocks, seed, classes).subList(0, shown);
        double seconds = (System.nanoTime() - start) / 1e9;
        ImageGrid.writePng(ImageGrid.of(images, shape, classes), new Path(grid), hadoop);
        log.info(String.format(Locale.ROOT, "%d images of %s in %.1fs (%.2f images/s) written to %s", shown, shape,
                seconds, shown / seconds, grid));
    }
}
