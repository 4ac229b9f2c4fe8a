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
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What every family's graph shares: the input of raw pixels, the mask-A entrance, the head from features
 * to the likelihood's parameters and its output layer, and what a loaded model tells about itself. A family's
 * builder adds its own layers between entrance and head.
 *
 * <p>Conditioning lives here too, so no family has an {@code if} for it: a graph started with classes has a
 * second input {@link #CLASS}, and {@link #addClassBias} / {@link #addConvolution} add a {@link ClassBias}
 * where the class enters (before each nonlinearity) only in such a graph. Started without classes, the graph
 * is exactly the unconditional one: same vertices, names, parameters.
 */
public final class ModelGraph {

    public static final String INPUT = "pixels";
    /** The conditional model's second input: the image's class, one-hot {@code [N, classes]}. */
    public static final String CLASS = "class";
    /** The first mask-A convolution, whose preprocessor scales the raw pixels (every family but the gated one). */
    public static final String ENTRANCE = "mask-a";
    public static final String LOGITS = "logits";
    public static final String OUTPUT = "probabilities";

    private ModelGraph() {
    }

    /** A graph with the pixel input, trained with {@code updater} in {@code dataType}, weights seeded. */
    public static GraphBuilder start(ImageShape shape, IUpdater updater, DataType dataType, long seed) {
        return start(shape, 0, updater, dataType, seed);
    }

    /** Like {@link #start(ImageShape, IUpdater, DataType, long)}, conditioned on one of {@code classes} (if > 0). */
    public static GraphBuilder start(ImageShape shape, int classes, IUpdater updater, DataType dataType, long seed) {
        GraphBuilder graph = unconditional(shape, updater, dataType, seed);
        if (classes > 0) {
            // input types add up: the pixels' type is set already
            graph.addInputs(CLASS).setInputTypes(InputType.feedForward(classes));
        }
        return graph;
    }

    private static GraphBuilder unconditional(ImageShape shape, IUpdater updater, DataType dataType, long seed) {
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

    /**
     * The mask-A {@code kernel x kernel} convolution of the pixels to {@code out} features, {@link #ENTRANCE},
     * plus the class bias in a conditional graph; the name of the features that follow.
     */
    public static String addEntrance(GraphBuilder graph, ImageShape shape, int kernel, long out) {
        addFromPixels(graph, ENTRANCE, conv(MaskType.A, kernel, shape.channels(), out, shape.channels(),
                Activation.IDENTITY), shape);
        return addClassBias(graph, ENTRANCE, out);
    }

    /** True when the graph was started with classes: it has the {@link #CLASS} input. */
    public static boolean isConditional(GraphBuilder graph) {
        return graph.getNetworkInputs().contains(CLASS);
    }

    /**
     * In a conditional graph, a {@link ClassBias} on the {@code channels} features of {@code features}, named
     * {@code features + "-class"}, whose name it returns; in an unconditional one, nothing: {@code features}.
     */
    public static String addClassBias(GraphBuilder graph, String features, long channels) {
        return addClassBias(graph, features, channels, Activation.IDENTITY);
    }

    private static String addClassBias(GraphBuilder graph, String features, long channels, Activation activation) {
        if (!isConditional(graph)) {
            return features;
        }
        String name = features + "-class";
        int classes = (int) graph.getNetworkInputTypes().get(graph.getNetworkInputs().indexOf(CLASS))
                .arrayElementsPerExample();
        graph.addVertex(name, ClassBias.of(graph.getGlobalConfiguration(), name, classes, channels, activation),
                features, CLASS);
        return name;
    }

    /**
     * The convolution {@code layer} of {@code input}, named {@code name}, with the class entering before its
     * activation: in a conditional graph the convolution becomes linear and its class bias applies the
     * activation. Returns the name of its output. Unconditional: the layer alone, as before.
     */
    public static String addConvolution(GraphBuilder graph, String name, MaskedConvolution layer, String input) {
        Activation activation = layer.getActivationFn() instanceof ActivationReLU ? Activation.RELU
                : Activation.IDENTITY;
        if (isConditional(graph)) {
            layer.setActivationFn(Activation.IDENTITY.getActivationFunction());
        }
        graph.addLayer(name, layer, input);
        return addClassBias(graph, name, layer.getNOut(), activation);
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
        graph.addLayer("head-relu", new Relu(), features);
        String head = addConvolution(graph, "head", conv(MaskType.B, 1, in, wide, imageChannels, Activation.RELU),
                "head-relu");
        return graph.addLayer(LOGITS, zeroInitialised(conv(MaskType.B, 1, wide,
                        (long) likelihood.parameters() * imageChannels, imageChannels, Activation.IDENTITY)), head)
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

    /** The number of classes a model is conditioned on, read from its configuration: 0 when unconditional. */
    public static int classes(ComputationGraphConfiguration configuration) {
        for (GraphVertex vertex : configuration.getVertices().values()) {
            if (vertex instanceof ClassBias bias) {
                return bias.layer().classes();
            }
        }
        return 0;
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
