package io.pixelcnn.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Sets Adam's hyperparameters other than the rate on a model's layers. DL4J has {@code setLearningRate} for
 * the rate only; the workers build their models from the driver's configuration (Java serialization of the
 * layers' updater configurations), so what is set here on the driver is what every replica's Adam uses.
 */
final class ReplicaAdam {

    private ReplicaAdam() {
    }

    /**
     * Gives every Adam updater of {@code model} (weights and biases) second-moment decay {@code beta2}.
     * Setting the value a layer already has changes nothing: one replica keeps DL4J's 0.999 bit for bit.
     */
    static void setBeta2(ComputationGraph model, double beta2) {
        for (Layer layer : model.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer configuration) {
                for (IUpdater updater : new IUpdater[] {configuration.getIUpdater(), configuration.getBiasUpdater()}) {
                    if (updater instanceof Adam adam) {
                        adam.setBeta2(beta2);
                    }
                }
            }
        }
    }
}
