package io.pixelcnn.model;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a causal ("masked") convolution over NHWC activations, stride 1 and "same" padding,
 * whose weights outside the {@link CausalMask} are held at zero. It extends DL4J's convolution
 * configuration for parameter layout, initialisation and shape inference; the computation is
 * {@link MaskedConvolutionLayer}'s own.
 *
 * <p>Serialised into model JSON by class name, so any DL4J program with this jar on its class path loads it.
 */
public class MaskedConvolution extends ConvolutionLayer implements Reach.Spatial {

    private MaskType maskType = MaskType.B;
    private int imageChannels = 1;
    /** Output channels form this many equal blocks, each grouped by colour like a hidden state (see CausalMask). */
    private int outputBlocks = 1;

    /** For JSON deserialisation. */
    public MaskedConvolution() {
    }

    private MaskedConvolution(ConvolutionLayer.Builder builder, MaskType maskType, int imageChannels) {
        super(builder);
        this.maskType = maskType;
        this.imageChannels = imageChannels;
    }

    /** A square causal convolution from {@code in} to {@code out} channels. */
    public static MaskedConvolution of(MaskType maskType, int kernel, long in, long out, int imageChannels,
                                       Activation activation) {
        return of(maskType, kernel, kernel, in, out, imageChannels, activation);
    }

    /** A {@code kernelHeight x kernelWidth} causal convolution (both odd), e.g. 1 x k along a row. */
    public static MaskedConvolution of(MaskType maskType, int kernelHeight, int kernelWidth, long in, long out,
                                       int imageChannels, Activation activation) {
        if (activation != Activation.RELU && activation != Activation.IDENTITY) {
            throw new IllegalArgumentException("masked convolutions support RELU or IDENTITY, got " + activation);
        }
        ConvolutionLayer.Builder builder = new ConvolutionLayer.Builder(kernelHeight, kernelWidth)
                .nIn(in)
                .nOut(out)
                .stride(1, 1)
                .convolutionMode(ConvolutionMode.Same)
                .dataFormat(CNN2DFormat.NHWC)
                .activation(activation);
        return new MaskedConvolution(builder, maskType, imageChannels);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
        MaskedConvolutionLayer layer = Layers.wire(new MaskedConvolutionLayer(conf, networkDataType), conf, listeners,
                layerIndex, paramsView, params);
        if (initializeParams) {
            layer.applyCausalMask(params.get(ConvolutionParamInitializer.WEIGHT_KEY));
        }
        return layer;
    }

    /** The same layer with its output in {@code blocks} blocks (LSTM gates: 4; a gated activation's halves: 2). */
    public MaskedConvolution withOutputBlocks(int blocks) {
        this.outputBlocks = blocks;
        return this;
    }

    /**
     * Rows above: half the kernel's height. Columns: half its width to the left, and to the right as well
     * where rows above are read (a 1 x k raster kernel reads only its own row up to the centre).
     */
    @Override
    public Reach reach() {
        int up = kernelSize[0] / 2;
        int across = kernelSize[1] / 2;
        boolean readsRight = maskType == MaskType.VERTICAL || kernelSize[0] > 1;
        return new Reach(up, across, readsRight ? across : 0);
    }

    /** False when the mask hides nothing (1x1 on a grayscale image), so there is nothing to apply. */
    public boolean isMasking() {
        return !CausalMask.isTrivial(maskType, kernelSize[0], kernelSize[1], imageChannels);
    }

    /** The mask matching this layer's weight shape, {@code [out, in, kernelHeight, kernelWidth]} row-major. */
    public float[] mask() {
        return CausalMask.weights(maskType, (int) getNOut(), (int) getNIn(), kernelSize[0], kernelSize[1],
                imageChannels, outputBlocks);
    }

    public MaskType getMaskType() {
        return maskType;
    }

    public void setMaskType(MaskType maskType) {
        this.maskType = maskType;
    }

    public int getImageChannels() {
        return imageChannels;
    }

    public void setImageChannels(int imageChannels) {
        this.imageChannels = imageChannels;
    }

    public int getOutputBlocks() {
        return outputBlocks;
    }

    public void setOutputBlocks(int outputBlocks) {
        this.outputBlocks = outputBlocks;
    }

    @Override
    public MaskedConvolution clone() {
        return (MaskedConvolution) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedConvolution other && super.equals(o)
                && maskType == other.maskType && imageChannels == other.imageChannels
                && outputBlocks == other.outputBlocks;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * super.hashCode() + maskType.hashCode()) + imageChannels) + outputBlocks;
    }
}
