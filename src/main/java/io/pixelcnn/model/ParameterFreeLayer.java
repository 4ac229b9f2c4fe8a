package io.pixelcnn.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What DL4J asks of every layer that has no parameters, answered once. */
public abstract class ParameterFreeLayer<C extends org.deeplearning4j.nn.conf.layers.Layer> extends AbstractLayer<C> {

    protected ParameterFreeLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return 0;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters
    }

    @Override
    public INDArray params() {
        return null;
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }
}
