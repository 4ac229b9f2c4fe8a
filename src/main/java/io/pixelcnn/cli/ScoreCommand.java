package io.pixelcnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.ImageSource;
import io.pixelcnn.eval.BitsPerDim;
import io.pixelcnn.eval.ImageScore;
import io.pixelcnn.eval.ImageScores;
import io.pixelcnn.eval.ScoreTable;
import io.pixelcnn.model.PixelCnn;
import io.pixelcnn.sample.ImageGrid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "score", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Bits/dim of every image of a dataset, computed on the executors and written as a table "
                + "(Parquet, or CSV) of image, bits_per_dim, nll_nats.",
                "The least likely images are where corrupt, mislabeled or out-of-distribution data hides: "
                        + "--top K --top-out worst.png draws them. Prints one JSON summary."})
final class ScoreCommand implements Callable<Integer> {

    private static final int DEFAULT_TOP = 64;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfOption conf;

    @Mixin
    ModelOption model;

    @Mixin
    DatasetOption dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The table to write (must not exist yet).")
    String out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet", description = "parquet or csv. Default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--sort", description = "Write the least likely images first.")
    boolean sort;

    @Option(names = "--top", paramLabel = "K", description = "Name the K least likely images in the summary (default with --top-out: " + DEFAULT_TOP + ").")
    Integer top;

    @Option(names = "--top-out", paramLabel = "PNG", description = "Draw the K least likely images as a grid, least likely first.")
    String topOut;

    @Option(names = "--" + JobConfig.BATCH_SIZE, paramLabel = "N", description = "Images per forward pass. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        ScoreTable.Format tableFormat = tableFormat();
        int k = top != null ? top : topOut != null ? DEFAULT_TOP : 0;
        if (k < 0 || (topOut != null && k == 0)) {
            throw new InvalidConfigException("--top must be at least 1 with --top-out, got " + k);
        }
        try (JavaSparkContext sc = SparkJobs.start("pixelcnn-score")) {
            Path table = new Path(out);
            if (table.getFileSystem(sc.hadoopConfiguration()).exists(table)) {
                throw new InvalidConfigException("--out " + out + " already exists: choose another path");
            }
            ComputationGraph graph = model.load(sc.hadoopConfiguration());
            ImageShape shape = PixelCnn.imageShape(graph.getConfiguration());
            ImageSource source = dataset.open(model, shape.channels(), sc.hadoopConfiguration());
            source.requireShape(shape, "the model");
            JavaRDD<ImageScore> scores = ImageScores.score(sc, source.readNamed(sc, dataset.partitions(sc)), shape,
                    graph, batchSize);
            try {
                ScoreTable.write(scores, out, tableFormat, sort);
                List<ImageScore> leastLikely = k > 0 ? scores.takeOrdered(k, ImageScore.LEAST_LIKELY_FIRST) : List.of();
                if (topOut != null) {
                    List<byte[]> images = leastLikely.stream().map(ImageScore::pixels).toList();
                    ImageGrid.writePng(ImageGrid.grid(images, shape, ImageGrid.columnsFor(images.size()), 2),
                            new Path(topOut), sc.hadoopConfiguration());
                }
                spec.commandLine().getOut().println(summary(scores, shape, leastLikely));
            } finally {
                scores.unpersist(false);
            }
        }
        return ExitCodes.OK;
    }

    private ScoreTable.Format tableFormat() {
        try {
            return ScoreTable.Format.valueOf(format.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("--format must be parquet or csv, got '" + format + "'");
        }
    }

    private String summary(JavaRDD<ImageScore> scores, ImageShape shape, List<ImageScore> leastLikely) throws Exception {
        long images = scores.count();
        double nats = scores.map(ImageScore::nllNats).fold(0.0, Double::sum);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("images", images);
        json.put("bits_per_dim", BitsPerDim.of(nats, images, shape.dims()));
        json.put("out", out);
        json.put("format", format.trim().toLowerCase(java.util.Locale.ROOT));
        List<Map<String, Object>> worst = new ArrayList<>();
        for (ImageScore score : leastLikely) {
            worst.add(Map.of("image", score.name(), "bits_per_dim", score.bitsPerDim()));
        }
        json.put("least_likely", worst);
        if (topOut != null) {
            json.put("top_out", topOut);
        }
        return new ObjectMapper().writeValueAsString(json);
    }
}
