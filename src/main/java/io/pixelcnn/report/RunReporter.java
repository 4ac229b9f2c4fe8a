package io.pixelcnn.report;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.AtomicFiles;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.sample.ImageClasses;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.sample.Samplers;
import io.pixelcnn.train.EpochListener;
import io.pixelcnn.train.EpochMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What a run shows of itself after every epoch, next to its metrics and checkpoints: the learning curve
 * ({@code curve.png}), a small grid of samples ({@code samples/epoch-NNNN.png}) and {@code report.html}.
 * Every file is written atomically, so a reader never sees half of one.
 */
public final class RunReporter implements EpochListener {

    private final RunDirectory run;
    private final Configuration conf;
    private final ImageShape shape;
    private final int sampleCount;
    private final ImageClasses classes;
    private final long seed;
    private final Map<String, String> config;
    private final Map<String, String> versions;

    /** {@code sampleCount} 0: no samples; {@code sparkVersion}: the Spark the job runs on. */
    public RunReporter(RunDirectory run, Configuration conf, ImageShape shape, int sampleCount, long seed,
                       Map<String, String> config, String sparkVersion) {
        this(run, conf, shape, sampleCount, ImageClasses.NONE, seed, config, sparkVersion);
    }

    /** A class-conditional run's report: its samples take {@code classes} in turn, one grid row per class. */
    public RunReporter(RunDirectory run, Configuration conf, ImageShape shape, int sampleCount, ImageClasses classes,
                       long seed, Map<String, String> config, String sparkVersion) {
        this.run = run;
        this.conf = conf;
        this.shape = shape;
        this.sampleCount = sampleCount;
        this.classes = classes;
        this.seed = seed;
        this.config = config;
        this.versions = versions(sparkVersion);
    }

    @Override
    public void epochDone(ComputationGraph model, List<EpochMetrics> rows) throws IOException {
        int epoch = rows.get(rows.size() - 1).epoch();
        if (sampleCount > 0) {
            // the same seed every epoch: the grids show one set of draws as the model learns
            List<byte[]> images = Samplers.forModel(model, shape, sampleCount).sample(0, sampleCount, seed, classes);
            ImageGrid.writePng(ImageGrid.of(images, shape, classes), run.samples(epoch), conf);
        }
        byte[] curve = TrainingCurve.png(rows);
        AtomicFiles.write(run.curve(), conf, out -> out.write(curve));
        String html = ReportPage.html(run.root().getName(), versions, config, rows, curve, savedSamples(rows));
        AtomicFiles.write(run.report(), conf, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    /** The sample grids of every epoch so far, including those written before a resume. */
    private List<ReportPage.Samples> savedSamples(List<EpochMetrics> rows) throws IOException {
        List<ReportPage.Samples> samples = new ArrayList<>();
        for (EpochMetrics row : rows) {
            Path path = run.samples(row.epoch());
            FileSystem fs = path.getFileSystem(conf);
            if (fs.exists(path)) {
                try (InputStream in = fs.open(path)) {
                    samples.add(new ReportPage.Samples(row.epoch(), in.readAllBytes()));
                }
            }
        }
        return samples;
    }

    private static Map<String, String> versions(String sparkVersion) {
        Properties build = new Properties();
        try (InputStream in = RunReporter.class.getResourceAsStream("/pixelcnn-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // versions are informative only
        }
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("pixelcnn-spark", build.getProperty("pixelcnn", "?"));
        versions.put("Spark (running)", sparkVersion);
        versions.put("DL4J / ND4J", build.getProperty("dl4j", "?"));
        versions.put("dl4j-spark", build.getProperty("dl4j-spark", "?"));
        versions.put("ND4J native build", build.getProperty("nd4j-native", "?"));
        versions.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        return versions;
    }
}
