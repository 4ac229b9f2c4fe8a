package io.pixelcnn.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of the softmax output layer: a 256-way softmax for every sub-pixel, trained with the
 * cross-entropy against the image itself.
 *
 * <p>Input: logits {@code [N, H, W, channels*256]} (channels-last, as the network computes them), entry
 * {@code c*256 + v} scoring value v of colour channel c. Output: probabilities {@code [N, channels*256, H, W]},
 * the model's public NCHW layout. Labels: the raw image {@code [N, channels, H, W]}
 * (values 0..255, any numeric type) instead of dense one-hot tensors, which would be 256 times larger.
 */
public class PixelSoftmax extends PixelOutput {

    /** Values a sub-pixel can take. */
    public static final int LEVELS = PixelLikelihood.LEVELS;

    /** For JSON deserialisation. */
    public PixelSoftmax() {
    }

    public PixelSoftmax(int imageChannels) {
        super(imageChannels);
    }

    @Override
    public PixelLikelihood likelihood() {
        return SoftmaxLikelihood.INSTANCE;
    }

    @Override
    protected Layer runningLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new PixelSoftmaxLayer(conf, dataType);
    }

    @Override
    public PixelSoftmax clone() {
        return (PixelSoftmax) super.clone();
    }
}
