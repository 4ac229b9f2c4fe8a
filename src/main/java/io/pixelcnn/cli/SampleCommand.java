package io.pixelcnn.cli;

import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.sample.Samplers;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sample", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Generate images pixel by pixel in raster order from a trained model.",
                "Writes a PNG grid and, with --out-dir, one PNG per image."})
final class SampleCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SampleCommand.class);

    @Mixin
    ConfOption conf;

    @Mixin
    ModelOption model;

    @Option(names = "--n", paramLabel = "N", defaultValue = "64", description = "Images to generate. Default: ${DEFAULT-VALUE}")
    int count;

    @Option(names = "--out", paramLabel = "PNG", defaultValue = "samples.png", description = "Grid of all images. Default: ${DEFAULT-VALUE}")
    String out;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Also write each image as DIR/sample-NNNN.png.")
    String outDir;

    @Option(names = "--sample-batch", paramLabel = "N", defaultValue = "256", description = {"Images generated together: the cached sampler computes one position of every layer per sub-pixel for all of them at once, so larger batches use the CPU better (about 17 MB of activations per 256 images for the default PixelCNN). Default: ${DEFAULT-VALUE}"})
    int batch;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the draws: same seed, same images. Default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || batch < 1) {
            throw new InvalidConfigException("--n and --sample-batch must be at least 1");
        }
        Configuration hadoop = SparkJobs.hadoopConfiguration();
        ComputationGraph graph = model.load(hadoop);
        ImageShape shape = ModelGraph.imageShape(graph.getConfiguration());
        long start = System.nanoTime();
        List<byte[]> images = Samplers.forModel(graph, shape, batch).sample(0, count, seed);
        double seconds = (System.nanoTime() - start) / 1e9;

        ImageGrid.writePng(ImageGrid.grid(images, shape, ImageGrid.columnsFor(count), 2), new Path(out), hadoop);
        if (outDir != null) {
            for (int i = 0; i < images.size(); i++) {
                Path file = new Path(outDir, String.format(Locale.ROOT, "sample-%04d.png", i));
                ImageGrid.writePng(ImageGrid.image(images.get(i), shape), file, hadoop);
            }
        }
        log.info(String.format(Locale.ROOT, "%d images of %s in %.1fs (%.2f images/s) written to %s%s", count,
                shape, seconds, count / seconds, out, outDir != null ? " and " + outDir : ""));
        return ExitCodes.OK;
    }
}
