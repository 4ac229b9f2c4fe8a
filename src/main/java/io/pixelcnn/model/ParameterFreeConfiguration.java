package io.pixelcnn.model;

import java.util.Collection;
import java.util.Objects;
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
 * What DL4J asks of the configuration of every layer without parameters, answered once: its running
 * layer wired in, no preprocessor, a memory estimate, equality by class and name. A subclass names its
 * running layer and its output type.
 */
public abstract class ParameterFreeConfiguration extends NoParamLayer {

    /** The running layer this configuration describes. */
    protected abstract Layer runningLayer(NeuralNetConfiguration conf, DataType dataType);

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return Layers.wire(runningLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    /** Working memory of about one input for the forward pass and two for the backward pass. */
    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, getOutputType(0, inputType))
                .standardMemory(0, 0)
                .workingMemory(0, 0, perExample, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public ParameterFreeConfiguration clone() {
        return (ParameterFreeConfiguration) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && Objects.equals(getLayerName(), ((ParameterFreeConfiguration) o).getLayerName());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), getLayerName());
    }
}
