package io.pixelcnn.train;

import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Told after every epoch (epoch 0 included: the untrained model) once its metrics and checkpoint are
 * written. How a run shows itself (the run report) plugs in here, so training does not depend on it.
 */
@FunctionalInterface
public interface EpochListener {

    /** Does nothing. */
    EpochListener NONE = (model, rows) -> { };

    /** {@code rows}: every epoch's metrics so far, the one just finished last. */
    void epochDone(ComputationGraph model, List<EpochMetrics> rows) throws IOException;
}
