package io.pixelcnn.train;

import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.BadInputException;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.io.StoragePaths;
import io.pixelcnn.model.ModelConfig;
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

    /**
     * Writes the configuration (and a conditional run's {@code classes}, {@code classes.txt}) into the (new)
     * run directory and builds a fresh model, conditioned on the classes if there are any.
     */
    public static TrainingStart fresh(JobConfig config, ImageShape shape, Optional<ClassList> classes, RunDirectory run)
            throws IOException {
        run.writeText(run.config(), config.toPropertiesText());
        if (classes.isPresent()) {
            run.writeClasses(classes.get());
        }
        ModelConfig model = config.model().conditionedOn(classes.map(ClassList::size).orElse(0));
        return new TrainingStart(ModelBuilder.build(model, shape, config.train().learningRate(), config.train().seed()),
                0, MetricsLog.empty(run), Optional.empty());
    }

    /**
     * The last complete checkpoint with its optimiser state; a run stopped before epoch 1 starts afresh.
     * The saved configuration is rewritten: {@code --epochs} and {@code --learning-rate} may have changed.
     */
    public static TrainingStart resume(JobConfig config, ImageShape shape, Optional<ClassList> classes, RunDirectory run,
                                       Configuration conf) throws IOException {
        OptionalInt last = run.lastCheckpointEpoch();
        if (last.isEmpty()) {
            return fresh(config, shape, classes, run);
        }
        Optional<ClassList> saved = run.readClasses();
        if (!saved.map(ClassList::names).equals(classes.map(ClassList::names))) {
            // the model's one-hot input means the saved classes: other classes would train it on wrong labels
            throw new BadInputException(config.data().trainData() + ": its classes (" + names(classes)
                    + ") are not the run's (" + names(saved) + ", " + StoragePaths.shown(run.classes()) + ")");
        }
        run.writeText(run.config(), config.toPropertiesText());
        int epoch = last.getAsInt();
        ComputationGraph model = run.loadModel(run.checkpoint(epoch), true);
        // Adam's state is kept; only its step size follows the (possibly changed) learning-rate
        model.setLearningRate(config.train().learningRate());
        return new TrainingStart(model, epoch, MetricsLog.read(run, epoch, conf),
                OuterOptimizer.velocityIn(run, run.checkpoint(epoch)));
    }

    private static String names(Optional<ClassList> classes) {
        return classes.map(list -> String.join(", ", list.names())).orElse("none");
    }
}
