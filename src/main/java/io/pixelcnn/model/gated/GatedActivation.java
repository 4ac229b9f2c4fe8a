package io.pixelcnn.model.gated;

import io.pixelcnn.model.ParameterFreeConfiguration;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The gated activation unit of the Gated PixelCNN (van den Oord et al. 2016, <i>Conditional Image
 * Generation with PixelCNN Decoders</i>, equation 2): channels-last input {@code [N, H, W, 2p]} split into
 * halves a and b, output {@code tanh(a) * sigmoid(b)}, {@code [N, H, W, p]}. Channel m of the output reads
 * only channel m of each half, so a causal mask in blocks of two ({@code withOutputBlocks(2)}) before it
 * keeps the colour order.
 */
public class GatedActivation extends ParameterFreeConfiguration {

    @Override
    protected Layer runningLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new GatedActivationLayer(conf, dataType);
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
    public GatedActivation clone() {
        return (GatedActivation) super.clone();
    }
}
