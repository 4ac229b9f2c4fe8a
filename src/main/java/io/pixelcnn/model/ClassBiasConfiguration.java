package io.pixelcnn.model;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer inside a {@link ClassBias} vertex: its one parameter, the {@code [classes, channels]} matrix
 * {@value ClassBiasParameters#KEY}, and the settings the network passes down to every layer (updater, learning
 * rate). A layer rather than a bare vertex so that DL4J treats V like every other parameter: the network's
 * {@code setLearningRate} (the training schedule) reaches only layers.
 *
 * <p>{@code nIn} is the number of classes, {@code nOut} the channels of the feature map it biases; its
 * activation is IDENTITY or RELU, the activation of the convolution before it, moved behind the bias (fused:
 * a separate ReLU layer cost a pass over the map each way).
 */
public class ClassBiasConfiguration extends FeedForwardLayer {

    /** For JSON deserialisation. */
    public ClassBiasConfiguration() {
    }

    static ClassBiasConfiguration of(String name, long classes, long channels, Activation activation) {
        if (activation != Activation.RELU && activation != Activation.IDENTITY) {
            throw new IllegalArgumentException("class biases support RELU or IDENTITY, got " + activation);
        }
        ClassBiasConfiguration layer = new ClassBiasConfiguration();
        layer.setLayerName(name);
        layer.setNIn(classes);
        layer.setNOut(channels);
        layer.setActivationFn(activation.getActivationFunction());
        return layer;
    }

    /** True when a ReLU follows the bias. */
    public boolean isRelu() {
        return getActivationFn() instanceof ActivationReLU;
    }

    public int classes() {
        return (int) getNIn();
    }

    public int channels() {
        return (int) getNOut();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
        return Layers.wire(new ClassBiasLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView, params);
    }

    @Override
    public ParamInitializer initializer() {
        return ClassBiasParameters.instance();
    }

    /** The feature map passes through with its shape: the bias is added in place of nothing. */
    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    /** nIn is the class count, fixed when built; the feature map's channels must not overwrite it. */
    @Override
    public void setNIn(InputType inputType, boolean override) {
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, inputType)
                .standardMemory(getNIn() * getNOut(), 0)
                .workingMemory(0, 0, perExample, perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public ClassBiasConfiguration clone() {
        return (ClassBiasConfiguration) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassBiasConfiguration && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
