package io.pixelcnn.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A ReLU that never writes into its input. DL4J's {@code ActivationLayer} applies its activation in
 * place at inference when input and output share a workspace, which corrupts a residual connection's
 * other branch: {@code scoreExamples} and {@code feedForward} then disagree with {@code output}.
 */
public class Relu extends NoParamLayer {

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return Layers.wire(new ReluLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, Relu.class, inputType, inputType)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public Relu clone() {
        return (Relu) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Relu other && java.util.Objects.equals(getLayerName(), other.getLayerName());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(getLayerName());
    }
}
