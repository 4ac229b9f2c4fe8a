package io.pixelcnn.model.gated;

import io.pixelcnn.model.Layers;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
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
 * The gated activation unit of the Gated PixelCNN (van den Oord et al. 2016, <i>Conditional Image
 * Generation with PixelCNN Decoders</i>, equation 2): channels-last input {@code [N, H, W, 2p]} split into
 * halves a and b, output {@code tanh(a) * sigmoid(b)}, {@code [N, H, W, p]}. Channel m of the output reads
 * only channel m of each half, so a causal mask in blocks of two ({@code withOutputBlocks(2)}) before it
 * keeps the colour order.
 */
public class GatedActivation extends NoParamLayer {

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return Layers.wire(new GatedActivationLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional conv) || conv.getChannels() % 2 != 0) {
            throw new IllegalStateException("gated activation '" + getLayerName()
                    + "' needs convolutional input with an even number of channels, got " + inputType);
        }
        return InputType.convolutional(conv.getHeight(), conv.getWidth(), conv.getChannels() / 2, CNN2DFormat.NHWC);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, GatedActivation.class, inputType, getOutputType(0, inputType))
                .standardMemory(0, 0)
                .workingMemory(0, 0, perExample, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public GatedActivation clone() {
        return (GatedActivation) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatedActivation other && java.util.Objects.equals(getLayerName(), other.getLayerName());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(getLayerName());
    }
}
