package io.pixelcnn.model;

import java.util.Arrays;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learned per-class bias (van den Oord et al. 2016, <i>Conditional Image Generation with PixelCNN
 * Decoders</i>, section 2.3): adds row y of a {@code [classes, channels]} matrix V to every position of a
 * feature map, y the image's class. Two inputs, the NHWC feature map and the class one-hot {@code [N, classes]},
 * so a graph vertex: a DL4J layer has one input. It holds a layer ({@link ClassBiasConfiguration}) for V, so
 * DL4J trains, schedules and saves V as it does every layer's parameters.
 *
 * <p>Causality is untouched: the class is known before any pixel, and a per-image constant reads no pixel.
 * Serialised into model JSON by class name, like {@link MaskedConvolution}.
 */
public class ClassBias extends GraphVertex {

    private NeuralNetConfiguration layerConf;

    /** For JSON deserialisation. */
    public ClassBias() {
    }

    /**
     * A class bias of {@code channels} per class followed by {@code activation} (IDENTITY or RELU), with the
     * network's settings ({@code global}) for its layer.
     */
    public static ClassBias of(NeuralNetConfiguration.Builder global, String name, long classes, long channels,
                               Activation activation) {
        ClassBias vertex = new ClassBias();
        vertex.layerConf = global.clone().layer(ClassBiasConfiguration.of(name, classes, channels, activation))
                .build();
        return vertex;
    }

    public ClassBiasConfiguration layer() {
        return (ClassBiasConfiguration) layerConf.getLayer();
    }

    @Override
    public long numParams(boolean backprop) {
        return layer().initializer().numParams(layerConf);
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        ClassBiasLayer layer = (ClassBiasLayer) layer().instantiate(layerConf, null, idx, paramsView, initializeParams,
                networkDatatype);
        return new ClassBiasVertex(graph, name, idx, layer, networkDatatype);
    }

    /** The feature map's type; the class input must be a vector of the class count. */
    @Override
    public InputType getOutputType(int layerIndex, InputType... inputTypes) throws InvalidInputTypeException {
        ClassBiasConfiguration layer = layer();
        if (inputTypes.length != 2 || !(inputTypes[ClassBiasVertex.FEATURES] instanceof InputType.InputTypeConvolutional map)
                || inputTypes[ClassBiasVertex.CLASSES].arrayElementsPerExample() != layer.classes()) {
            throw new InvalidInputTypeException("class bias '" + layer.getLayerName()
                    + "' takes a feature map and a one-hot of " + layer.classes() + " classes, got "
                    + Arrays.toString(inputTypes));
        }
        if (map.getChannels() != layer.channels()) {
            throw new InvalidInputTypeException("class bias '" + layer.getLayerName() + "' of " + layer.channels()
                    + " channels reads a map of " + map.getChannels());
        }
        return map;
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return layer().getMemoryReport(inputTypes[ClassBiasVertex.FEATURES]);
    }

    @Override
    public void setDataType(DataType dataType) {
        layer().setDataType(dataType);
    }

    public NeuralNetConfiguration getLayerConf() {
        return layerConf;
    }

    public void setLayerConf(NeuralNetConfiguration layerConf) {
        this.layerConf = layerConf;
    }

    @Override
    public ClassBias clone() {
        ClassBias copy = new ClassBias();
        copy.layerConf = layerConf.clone();
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassBias other && Objects.equals(layerConf, other.layerConf);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ClassBias.class, layerConf);
    }
}
