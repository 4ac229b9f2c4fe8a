package io.pixelcnn.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What DL4J asks of every layer of this project that has parameters, answered once: none is pretrained,
 * none uses weight noise, and all work on image maps. {@link ParameterFreeLayer} is the same for the rest.
 */
public abstract class ParametrisedLayer<C extends org.deeplearning4j.nn.conf.layers.BaseLayer> extends BaseLayer<C> {

    protected ParametrisedLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no weight noise
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }
}
