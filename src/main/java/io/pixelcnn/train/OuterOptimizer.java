package io.pixelcnn.train;

import io.pixelcnn.config.OuterOptimizerConfig;
import io.pixelcnn.io.RunDirectory;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The driver's Nesterov step over rounds of parameter averaging ({@link OuterOptimizerConfig}). With the
 * parameters {@code start} a round began from and the replicas' average {@code averaged}:
 * <pre>
 *   g = start - averaged            the round's outer gradient
 *   v = momentum * v + g            the velocity, carried from round to round and epoch to epoch
 *   params = start - lr * (g + momentum * v)
 * </pre>
 * The velocity is the state a checkpoint must keep for {@code --resume} to continue exactly.
 */
public final class OuterOptimizer {

    /** The checkpoint's zip entry holding the velocity (absent before the first outer step). */
    static final String CHECKPOINT_ENTRY = "pixelcnn-outer-velocity.bin";

    private final double learningRate;
    private final double momentum;
    private final int warmupSteps;
    private INDArray velocity;

    /** {@code velocity}: a checkpoint's, or empty for a new run. */
    public OuterOptimizer(OuterOptimizerConfig config, int replicas, Optional<INDArray> velocity) {
        this.learningRate = config.learningRate();
        this.momentum = config.momentum(replicas);
        this.warmupSteps = config.warmupSteps();
        this.velocity = velocity.map(INDArray::dup).orElse(null);
    }

    /** Plain averaging: {@link #step} would leave the parameters as they are, so it is never called. */
    public boolean isPlain() {
        return learningRate == 1 && momentum == 0;
    }

    /**
     * True if a round that starts at the model's update count {@code iteration} (each worker's minibatch steps so far)
     * gets the outer step: after the warm-up.
     */
    public boolean stepsAt(int iteration) {
        return !isPlain() && iteration >= warmupSteps;
    }

    /** Replaces {@code params}, the replicas' average, by the outer step from {@code start}. */
    public void step(INDArray start, INDArray params) {
        INDArray gradient = start.sub(params);
        velocity = velocity == null ? gradient.dup() : velocity.muli(momentum).addi(gradient);
        INDArray update = gradient.addi(velocity.mul(momentum)).muli(learningRate);
        params.assign(start.sub(update));
    }

    /** The velocity so far; empty before the first round. */
    public Optional<INDArray> velocity() {
        return Optional.ofNullable(velocity);
    }

    /** What a checkpoint holds of {@code velocity}: one named entry, or none. */
    static Map<String, byte[]> checkpointEntries(Optional<INDArray> velocity) throws IOException {
        return velocity.isEmpty() ? Map.of() : Map.of(CHECKPOINT_ENTRY, Nd4j.toByteArray(velocity.get()));
    }

    /** The velocity a checkpoint holds, if any. */
    static Optional<INDArray> velocityIn(RunDirectory run, Path checkpoint) throws IOException {
        return run.readModelEntry(checkpoint, CHECKPOINT_ENTRY).map(Nd4j::fromByteArray);
    }
}
