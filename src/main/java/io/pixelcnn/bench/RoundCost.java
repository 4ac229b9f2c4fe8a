package io.pixelcnn.bench;

import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.AtomicFiles;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.train.SparkTrainer;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code bench --round-cost}: the cost of one round of parameter averaging against parameters and workers,
 * timed through train's own path ({@link SparkTrainer}: DL4J's averaging master as train configures it,
 * Direct approach, updater state averaged), with as little training as a round can have. Writes
 * round-cost.csv, and round-cost.md with the table and the {@link ClusterProjection} from it.
 */
public final class RoundCost {

    private static final ImageShape FASHION_MNIST = new ImageShape(1, 28, 28);

    private final RoundCostSettings settings;

    public RoundCost(RoundCostSettings settings) {
        this.settings = settings;
    }

    /** Measures every (model, workers) on {@code sc}, writes the files and prints the table and projection. */
    public List<RoundCostRow> run(JavaSparkContext sc, ProjectionAssumptions assumptions, PrintWriter out)
            throws IOException {
        int most = Collections.max(settings.workers());
        List<byte[]> images = LocalImages.first(settings.trainFile(), most * settings.totalRounds() * settings.batch());
        List<RoundCostRow> rows = new ArrayList<>();
        for (RoundModel model : settings.models()) {
            for (int workers : settings.workers()) {
                RoundCostRow row = measure(sc, model, workers, images);
                out.println(row);
                out.flush();
                rows.add(row);
            }
        }
        RoundCostTable table = new RoundCostTable(settings, rows);
        String markdown = table.markdown() + "\n" + new ClusterProjection(assumptions).markdown(rows);
        write("round-cost.csv", table.csv());
        write("round-cost.md", markdown);
        out.println(markdown);
        out.println("written: " + settings.logDir() + "/round-cost.csv, round-cost.md");
        return rows;
    }

    RoundCostRow measure(JavaSparkContext sc, RoundModel model, int workers, List<byte[]> images) {
        int count = workers * settings.totalRounds() * settings.batch();
        if (images.size() < count) {
            throw new IllegalArgumentException(settings.trainFile() + " holds " + images.size()
                    + " images, the rounds need " + count);
        }
        // each partition one worker's minibatches: one a round (averaging-frequency 1)
        JavaRDD<byte[]> data = sc.parallelize(images.subList(0, count), workers);
        TrainConfig config = new TrainConfig(1, settings.batch(), 1, 0, settings.learningRate(), settings.seed(), workers, 0);
        ComputationGraph network = ModelBuilder.build(model.config(), FASHION_MNIST, settings.learningRate(), settings.seed());
        INDArray before = network.params().dup();
        SparkTrainer trainer = new SparkTrainer(sc, config, FASHION_MNIST);
        sc.setJobDescription("round cost: " + workers + " workers, " + model.label());
        try (RoundTimes times = RoundTimes.start(sc)) {
            trainer.onRound(times);
            trainer.fitEpoch(network, data, 0, times.fitTimer());
            List<RoundParts> parts = times.parts(settings.warmupRounds());
            return new RoundCostRow(workers, model, network.numParams(), network.getUpdater().getStateViewArray().length(),
                    network.params().dataType().width(), times.rounds(),
                    network.params().sub(before).norm2Number().doubleValue(), parts);
        } finally {
            sc.setJobDescription(null);
        }
    }

    private void write(String name, String text) throws IOException {
        Path target = new Path(new File(settings.logDir(), name).toURI());
        AtomicFiles.write(target, new Configuration(), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
