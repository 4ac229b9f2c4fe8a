package io.pixelcnn.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Hears, on the driver, that a round of parameter averaging (and the outer step) is done. Public for
 * {@code bench --round-cost}, which times the rounds of the same training path.
 */
@FunctionalInterface
public interface RoundListener {

    /**
     * Round {@code round} (from 1) of the epoch's {@code rounds} is done; {@code model} holds its result and
     * the update count after it. Runs inside DL4J's fit: a failure to record is thrown unchecked.
     */
    void roundDone(int round, int rounds, ComputationGraph model);
}
