package io.pixelcnn.train;

import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.builder.ModelBuilder;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a run begins: a new model in a new run directory, or the last complete checkpoint of an old one.
 *
 * @param outerVelocity the outer optimizer's state the checkpoint holds (empty: a new run, or plain averaging)
 */
public record TrainingStart(ComputationGraph model, int completedEpochs, MetricsLog metrics,
                            Optional<INDArray> outerVelocity) {

    /** Writes the configuration into the (new) run directory and builds a fresh model. */
    public static TrainingStart fresh(JobConfig config, ImageShape shape, RunDirectory run) throws IOException {
        run.writeText(run.config(), config.toPropertiesText());
        ComputationGraph model = ModelBuilder.build(config.model(), shape, config.train().learningRate(),
                config.train().seed());
        return new TrainingStart(model, 0, MetricsLog.empty(run), Optional.empty());
    }

    /**
     * The last complete checkpoint with its optimiser state; a run stopped before epoch 1 starts afresh.
     * The saved configuration is rewritten: {@code --epochs} and {@code --learning-rate} may have changed.
     */
    public static TrainingStart resume(JobConfig config, ImageShape shape, RunDirectory run, Configuration conf)
            throws IOException {
        OptionalInt last = run.lastCheckpointEpoch();
        if (last.isEmpty()) {
            return fresh(config, shape, run);
        }
        run.writeText(run.config(), config.toPropertiesText());
        int epoch = last.getAsInt();
        ComputationGraph model = run.loadModel(run.checkpoint(epoch), true);
        // Adam's state is kept; only its step size follows the (possibly changed) learning-rate
        model.setLearningRate(config.train().learningRate());
        return new TrainingStart(model, epoch, MetricsLog.read(run, epoch, conf),
                OuterOptimizer.velocityIn(run, run.checkpoint(epoch)));
    }
}
