package io.pixelcnn.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * Configuration of a model's output layer, whatever its {@link PixelLikelihood}: it reads
 * {@code likelihood().parameters()} channels per sub-pixel, channels-last ({@code [N, H, W, C*P]}), outputs
 * the 256-way distribution of every sub-pixel in the model's public layout {@code [N, C*256, H, W]}, and is
 * trained with the exact negative log-likelihood of its labels, the raw image {@code [N, C, H, W]} (values
 * 0..255), in nats.
 */
public abstract class PixelOutput extends ParameterFreeConfiguration {

    private int imageChannels = 1;

    /** For JSON deserialisation. */
    protected PixelOutput() {
    }

    protected PixelOutput(int imageChannels) {
        this.imageChannels = imageChannels;
    }

    /** The likelihood this layer computes; the cached sampler asks it for the distributions. */
    public abstract PixelLikelihood likelihood();

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long expected = (long) likelihood().parameters() * imageChannels;
        if (!(inputType instanceof InputType.InputTypeConvolutional conv) || conv.getChannels() != expected) {
            throw new IllegalStateException(getClass().getSimpleName() + " expects convolutional input with "
                    + expected + " channels, got " + inputType);
        }
        return InputType.convolutional(conv.getHeight(), conv.getWidth(),
                (long) PixelLikelihood.LEVELS * imageChannels, CNN2DFormat.NCHW);
    }

    public int getImageChannels() {
        return imageChannels;
    }

    public void setImageChannels(int imageChannels) {
        this.imageChannels = imageChannels;
    }

    @Override
    public PixelOutput clone() {
        return (PixelOutput) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && imageChannels == ((PixelOutput) o).imageChannels;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + imageChannels;
    }
}
