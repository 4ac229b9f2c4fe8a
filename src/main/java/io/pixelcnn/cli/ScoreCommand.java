package io.pixelcnn.cli;

import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.eval.ImageScore;
import io.pixelcnn.eval.ImageScores;
import io.pixelcnn.eval.ScoreSummary;
import io.pixelcnn.eval.ScoreTable;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.sample.ImageGrid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
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
                + "(Parquet, or CSV) of image, bits_per_dim, nll_nats. A class-conditional model scores each image given "
                + "its own class (read as its run read labels) and the table has a class column after image.",
                "The least likely images are where corrupt, mislabeled or out-of-distribution data hides: "
                        + "--top K --top-out worst.png draws them. Prints one JSON summary, on one line (fields below)."},
        footerHeading = "%nThe JSON summary's fields:%n",
        footer = {
                "  images        images scored",
                "  bits_per_dim  mean bits/dim of all of them",
                "  skipped       malformed images left out (--mode DROPMALFORMED)",
                "  out           the table written (--out), with columns image, bits_per_dim, nll_nats (a class-conditional",
                "                model's: image, class, bits_per_dim, nll_nats)",
                "  format        its format: parquet or csv",
                "  top_out       the grid of the least likely images, when --top-out is given",
                "  least_likely  the --top K least likely images, least likely first: each an image (its name: file path,",
                "                IDX index or table row), its class (a class-conditional model's: the label it was scored",
                "                given) and its bits_per_dim; worst.png's tiles carry the same numbers"})
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

    @Mixin
    OverwriteOption overwrite;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--out", required = true, paramLabel = "PATH", description = "The table to write (must not exist "
            + "yet, unless --overwrite): with parquet a folder of Spark's part files, with csv one file.")
    String out;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet", description = "parquet or csv.")
    String format;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--sort", description = "Write the least likely images first.")
    boolean sort;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--top", paramLabel = "K", description = "Name the K least likely images in the summary (default with --top-out: " + DEFAULT_TOP + ").")
    Integer top;

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--top-out", paramLabel = "PNG", description = "Draw the K least likely images as a grid, least likely first.")
    String topOut;

    @Grouped(OptionGroup.SCORING)
    @Option(names = "--" + JobConfig.BATCH_SIZE, paramLabel = "N", description = "Images per forward pass.")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        ScoreTable.Format tableFormat = tableFormat();
        int k = top != null ? top : topOut != null ? DEFAULT_TOP : 0;
        if (k < 0 || (topOut != null && k == 0)) {
            throw new InvalidConfigException("--top must be at least 1 with --top-out, got " + k);
        }
        // before any work, as sample checks --out-dir: an existing table, a file in the way, a host that cannot be reached
        Configuration hadoop = SparkJobs.hadoopConfiguration();
        overwrite.requireWritable("--out", out, hadoop, tableFormat == ScoreTable.Format.PARQUET);
        if (topOut != null) {
            overwrite.requireWritable("--top-out", topOut, hadoop, false);
        }
        try (JavaSparkContext sc = SparkJobs.start("pixelcnn-score")) {
            Configuration conf = sc.hadoopConfiguration();
            ComputationGraph graph = model.load(conf);
            ImageShape shape = ModelGraph.imageShape(graph.getConfiguration());
            Optional<ClassList> classes = model.classes(conf);
            JavaRDD<ImageScore> scores;
            long skipped;
            try (ImageData images = ImageData.load(sc, dataset.spec(model, shape, conf), dataset.partitions(sc),
                    EvaluateCommand.MIXING_SEED)) {
                images.requireShape(shape, "the model");
                scores = classes.isEmpty() ? ImageScores.score(sc, images.named(), shape, graph, batchSize)
                        : ImageScores.scoreLabelled(sc, images, classes.get(), graph, batchSize);
                skipped = images.malformed();
            }
            try {
                ScoreTable.write(scores, out, tableFormat, sort, overwrite.overwrite, classes.isPresent());
                ScoreSummary summary = ScoreSummary.of(scores, shape.dims(), k);
                if (topOut != null) {
                    List<byte[]> worst = summary.leastLikelyPixels();
                    ImageGrid.writePng(ImageGrid.grid(worst, tileLabels(summary), shape, ImageGrid.columnsFor(worst.size())),
                            new Path(topOut), conf);
                }
                spec.commandLine().getOut().println(summary.toJson(written(tableFormat, skipped)));
            } finally {
                scores.unpersist(false);
            }
        }
        return ExitCodes.OK;
    }

    /** Each tile's image name and bits/dim, as the summary's least_likely lists them, so the two can be matched. */
    private static List<List<String>> tileLabels(ScoreSummary summary) {
        return summary.leastLikely().stream().map(score -> List.of(score.name(),
                String.format(Locale.ROOT, "%.3f bits/dim", score.bitsPerDim()))).toList();
    }

    private ScoreTable.Format tableFormat() {
        try {
            return ScoreTable.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("--format must be parquet or csv, got '" + format + "'");
        }
    }

    /** Where the table (and the grid) went and how many malformed images were left out, for the summary. */
    private Map<String, Object> written(ScoreTable.Format tableFormat, long skipped) {
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("skipped", skipped);
        where.put("out", out);
        where.put("format", tableFormat.name().toLowerCase(Locale.ROOT));
        if (topOut != null) {
            where.put("top_out", topOut);
        }
        return where;
    }
}
