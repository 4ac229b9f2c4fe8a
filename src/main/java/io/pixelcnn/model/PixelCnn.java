package io.pixelcnn.model;

import io.pixelcnn.data.ImageShape;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Builds the PixelCNN of van den Oord et al. (2016) as a DL4J {@link ComputationGraph}. The graph has one
 * input, raw pixels {@code [N, C, H, W]} (0..255), and one output, {@code [N, C*256, H, W]} probabilities.
 * It knows nothing of Spark.
 */
public final class PixelCnn {

    public static final String INPUT = "pixels";
    public static final String LOGITS = "logits";
    /** The first layer, the mask-A convolution, whose preprocessor scales the raw pixels. */
    static final String ENTRANCE = "mask-a";
    public static final String OUTPUT = "probabilities";

    private PixelCnn() {
    }

    /** A freshly initialised model trained with Adam in single precision. */
    public static ComputationGraph build(ModelConfig model, ImageShape shape, double learningRate, long seed) {
        ComputationGraph graph = new ComputationGraph(
                configuration(model, shape, new Adam(learningRate), DataType.FLOAT, seed));
        graph.init();
        return graph;
    }

    public static ComputationGraphConfiguration configuration(ModelConfig model, ImageShape shape, IUpdater updater,
                                                              DataType dataType, long seed) {
        int channels = shape.channels();
        int wide = 2 * model.hidden();
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(shape.height(), shape.width(), channels));

        graph.addLayer(ENTRANCE, conv(MaskType.A, model.firstKernel(), channels, wide, channels, Activation.IDENTITY),
                new PixelScaling(shape), INPUT);
        String previous = ENTRANCE;
        for (int b = 1; b <= model.blocks(); b++) {
            String block = "block-" + b;
            graph.addLayer(block + "-relu", relu(), previous)
                    .addLayer(block + "-reduce", conv(MaskType.B, 1, wide, model.hidden(), channels, Activation.RELU),
                            block + "-relu")
                    .addLayer(block + "-masked", conv(MaskType.B, model.blockKernel(), model.hidden(), model.hidden(),
                            channels, Activation.RELU), block + "-reduce")
                    .addLayer(block + "-expand", conv(MaskType.B, 1, model.hidden(), wide, channels, Activation.IDENTITY),
                            block + "-masked")
                    // residual: the block learns a correction to its input
                    .addVertex(block, new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, block + "-expand");
            previous = block;
        }
        graph.addLayer("head-relu", relu(), previous)
                .addLayer("head", conv(MaskType.B, 1, wide, wide, channels, Activation.RELU), "head-relu")
                .addLayer(LOGITS, zeroInitialised(conv(MaskType.B, 1, wide, (long) PixelSoftmax.LEVELS * channels,
                        channels, Activation.IDENTITY)), "head")
                .addLayer(OUTPUT, new PixelSoftmax(channels), LOGITS)
                .setOutputs(OUTPUT);
        return graph.build();
    }

    /**
     * How many rows above a pixel can influence its prediction: each masked k x k convolution reaches
     * k/2 rows further up (and, kernels being square, as many columns either side). Read from the
     * configuration, so it holds for any loaded model.
     */
    public static int rowsOfContext(ComputationGraphConfiguration configuration) {
        int rows = 0;
        for (var vertex : configuration.getVertices().values()) {
            if (vertex instanceof LayerVertex layer && layer.getLayerConf().getLayer() instanceof MaskedConvolution conv) {
                rows += conv.getKernelSize()[0] / 2;
            }
        }
        return rows;
    }

    /** The image shape a model was built for, read from its configuration. */
    public static ImageShape imageShape(ComputationGraphConfiguration configuration) {
        LayerVertex entrance = (LayerVertex) configuration.getVertices().get(ENTRANCE);
        if (entrance == null || !(entrance.getPreProcessor() instanceof PixelScaling scaling)) {
            throw new IllegalArgumentException("not a pixelcnn-spark model: no '" + ENTRANCE + "' layer with pixel scaling");
        }
        return scaling.imageShape();
    }

    static MaskedConvolution conv(MaskType type, int kernel, long in, long out, int imageChannels, Activation activation) {
        return MaskedConvolution.of(type, kernel, in, out, imageChannels, activation);
    }

    /**
     * Zero weights (and biases) in the logits layer make a new model the uniform distribution: exactly
     * 8 bits/dim, the honest starting point of every training curve. Gradients still reach it, since
     * its inputs are not zero.
     */
    private static Layer zeroInitialised(MaskedConvolution layer) {
        layer.setWeightInitFn(WeightInit.ZERO.getWeightInitFunction());
        return layer;
    }

    private static Relu relu() {
        return new Relu();
    }
}
