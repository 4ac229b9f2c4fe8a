package io.pixelcnn.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A ReLU that never writes into its input. DL4J's {@code ActivationLayer} applies its activation in
 * place at inference when input and output share a workspace, which corrupts a residual connection's
 * other branch: {@code scoreExamples} and {@code feedForward} then disagree with {@code output}.
 */
public class Relu extends ParameterFreeConfiguration {

    @Override
    protected Layer runningLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new ReluLayer(conf, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public Relu clone() {
        return (Relu) super.clone();
    }
}
