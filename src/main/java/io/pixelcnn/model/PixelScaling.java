package io.pixelcnn.model;

import io.pixelcnn.data.ImageShape;
import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The model's entrance: raw pixels {@code [N, C, H, W]} (0..255, as floats or unsigned bytes) become
 * {@code [N, H, W, C]} floats in [0, 1]. Part of the saved model, so callers feed pixels as they are stored
 * and training batches stay one byte per sub-pixel until they reach the network. Inside, the network
 * works channels-last: native convolutions are fastest there and each sub-pixel's 256 logits sit
 * side by side for the softmax.
 *
 * <p>It also records the image shape the model was built for, so a loaded model knows what it generates.
 * Inputs may have fewer rows (the sampler feeds only the rows it needs) but must match the channels.
 */
public class PixelScaling implements InputPreProcessor {

    static final double MAX_LEVEL = 255.0;

    private int channels;
    private int height;
    private int width;

    /** For JSON deserialisation. */
    public PixelScaling() {
    }

    public PixelScaling(ImageShape shape) {
        this.channels = shape.channels();
        this.height = shape.height();
        this.width = shape.width();
    }

    public ImageShape imageShape() {
        return new ImageShape(channels, height, width);
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 4 || input.size(1) != channels) {
            throw new IllegalArgumentException("expected pixels [N, " + channels + ", H, W], got shape "
                    + Arrays.toString(input.shape()));
        }
        DataType type = input.dataType().isFPType() ? input.dataType() : DataType.FLOAT;
        INDArray scaled = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, type,
                new long[]{input.size(0), input.size(2), input.size(3), input.size(1)}, 'c');
        scaled.assign(input.permute(0, 2, 3, 1));
        return scaled.divi(MAX_LEVEL);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output.permute(0, 3, 1, 2), 'c').divi(MAX_LEVEL);
    }

    @Override
    public PixelScaling clone() {
        return new PixelScaling(imageShape());
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        InputType.InputTypeConvolutional pixels = (InputType.InputTypeConvolutional) inputType;
        return InputType.convolutional(pixels.getHeight(), pixels.getWidth(), pixels.getChannels(), CNN2DFormat.NHWC);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelScaling other && channels == other.channels && height == other.height
                && width == other.width;
    }

    @Override
    public int hashCode() {
        return (channels * 31 + height) * 31 + width;
    }

    public int getChannels() {
        return channels;
    }

    public void setChannels(int channels) {
        this.channels = channels;
    }

    public int getHeight() {
        return height;
    }

    public void setHeight(int height) {
        this.height = height;
    }

    public int getWidth() {
        return width;
    }

    public void setWidth(int width) {
        this.width = width;
    }
}
