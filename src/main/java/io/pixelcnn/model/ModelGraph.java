package io.pixelcnn.model;

import io.pixelcnn.data.ImageShape;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What every family's graph shares: the input of raw pixels, the mask-A entrance, the head from features
 * to the likelihood's parameters and its output layer, and what a loaded model tells about itself. A family's
 * builder adds its own layers between entrance and head.
 */
public final class ModelGraph {

    public static final String INPUT = "pixels";
    /** The first mask-A convolution, whose preprocessor scales the raw pixels (every family but the gated one). */
    public static final String ENTRANCE = "mask-a";
    public static final String LOGITS = "logits";
    public static final String OUTPUT = "probabilities";

    private ModelGraph() {
    }

    /** A graph with the pixel input, trained with {@code updater} in {@code dataType}, weights seeded. */
    public static GraphBuilder start(ImageShape shape, IUpdater updater, DataType dataType, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(shape.height(), shape.width(), shape.channels()));
    }

    /** The layer that reads the raw pixels: {@code layer} behind the scaling preprocessor. */
    public static GraphBuilder addFromPixels(GraphBuilder graph, String name, MaskedConvolution layer, ImageShape shape) {
        return graph.addLayer(name, layer, new PixelScaling(shape), INPUT);
    }

    /** The mask-A {@code kernel x kernel} convolution of the pixels to {@code out} features: {@link #ENTRANCE}. */
    public static String addEntrance(GraphBuilder graph, ImageShape shape, int kernel, long out) {
        addFromPixels(graph, ENTRANCE, conv(MaskType.A, kernel, shape.channels(), out, shape.channels(),
                Activation.IDENTITY), shape);
        return ENTRANCE;
    }

    /** {@link #finish(GraphBuilder, String, long, long, int, PixelLikelihood)} with the 256-way softmax. */
    public static ComputationGraphConfiguration finish(GraphBuilder graph, String features, long in, long wide,
                                                       int imageChannels) {
        return finish(graph, features, in, wide, imageChannels, SoftmaxLikelihood.INSTANCE);
    }

    /**
     * ReLU, a 1x1 mask-B convolution to {@code wide} channels with ReLU, the 1x1 mask-B parameters of every
     * sub-pixel's {@code likelihood} ({@link #LOGITS}) and its output layer, which is the graph's output.
     */
    public static ComputationGraphConfiguration finish(GraphBuilder graph, String features, long in, long wide,
                                                       int imageChannels, PixelLikelihood likelihood) {
        return graph.addLayer("head-relu", new Relu(), features)
                .addLayer("head", conv(MaskType.B, 1, in, wide, imageChannels, Activation.RELU), "head-relu")
                .addLayer(LOGITS, zeroInitialised(conv(MaskType.B, 1, wide, (long) likelihood.parameters() * imageChannels,
                        imageChannels, Activation.IDENTITY)), "head")
                .addLayer(OUTPUT, likelihood.outputLayer(imageChannels), LOGITS)
                .setOutputs(OUTPUT)
                .build();
    }

    public static MaskedConvolution conv(MaskType type, int kernel, long in, long out, int imageChannels,
                                         Activation activation) {
        return MaskedConvolution.of(type, kernel, in, out, imageChannels, activation);
    }

    /** The image shape a model was built for, read from its configuration (the pixel scaling records it). */
    public static ImageShape imageShape(ComputationGraphConfiguration configuration) {
        for (GraphVertex vertex : configuration.getVertices().values()) {
            if (vertex instanceof LayerVertex layer && layer.getPreProcessor() instanceof PixelScaling scaling) {
                return scaling.imageShape();
            }
        }
        throw new IllegalArgumentException("not a pixelcnn-spark model: no layer reads pixels through PixelScaling");
    }

    /**
     * Zero weights (and biases) in the logits layer make a new model the uniform distribution with the
     * softmax (exactly 8 bits/dim, the honest starting point of every training curve) and evenly spread
     * components with the logistic mixture (close to uniform). Gradients still reach it, since
     * its inputs are not zero.
     */
    private static MaskedConvolution zeroInitialised(MaskedConvolution layer) {
        layer.setWeightInitFn(WeightInit.ZERO.getWeightInitFunction());
        return layer;
    }
}
