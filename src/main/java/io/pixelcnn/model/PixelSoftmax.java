package io.pixelcnn.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of the output layer: a 256-way softmax for every sub-pixel, trained with the
 * cross-entropy against the image itself.
 *
 * <p>Input: logits {@code [N, H, W, channels*256]} (channels-last, as the network computes them), entry
 * {@code c*256 + v} scoring value v of colour channel c. Output: probabilities {@code [N, channels*256, H, W]},
 * the model's public NCHW layout. Labels: the raw image {@code [N, channels, H, W]}
 * (values 0..255, any numeric type) instead of dense one-hot tensors, which would be 256 times larger.
 */
public class PixelSoftmax extends ParameterFreeConfiguration {

    /** Values a sub-pixel can take. */
    public static final int LEVELS = 256;

    private int imageChannels = 1;

    /** For JSON deserialisation. */
    public PixelSoftmax() {
    }

    public PixelSoftmax(int imageChannels) {
        this.imageChannels = imageChannels;
    }

    @Override
    protected Layer runningLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new PixelSoftmaxLayer(conf, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional conv) || conv.getChannels() != (long) LEVELS * imageChannels) {
            throw new IllegalStateException("PixelSoftmax expects convolutional input with " + LEVELS * imageChannels
                    + " channels, got " + inputType);
        }
        return InputType.convolutional(conv.getHeight(), conv.getWidth(), conv.getChannels(), CNN2DFormat.NCHW);
    }

    public int getImageChannels() {
        return imageChannels;
    }

    public void setImageChannels(int imageChannels) {
        this.imageChannels = imageChannels;
    }

    @Override
    public PixelSoftmax clone() {
        return (PixelSoftmax) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && imageChannels == ((PixelSoftmax) o).imageChannels;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + imageChannels;
    }
}
