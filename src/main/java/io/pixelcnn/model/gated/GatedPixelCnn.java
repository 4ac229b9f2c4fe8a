package io.pixelcnn.model.gated;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.MaskType;
import io.pixelcnn.model.MaskedConvolution;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The Gated PixelCNN (van den Oord et al. 2016, <i>Conditional Image Generation with PixelCNN Decoders</i>,
 * figure 2). Two stacks of {@code hidden} channels run side by side:
 * <ul>
 *   <li>the vertical stack: k x k convolutions masked to the rows above and the current row
 *       ({@link MaskType#VERTICAL}), so its features at row r cover a widening region of rows up to r;</li>
 *   <li>the horizontal stack: causal 1 x k convolutions along the row (mask A in the first layer, B after),
 *       plus, through a 1x1 convolution, the vertical stack's pre-activations shifted down one row (so they
 *       cover only rows above); a 1x1 convolution of its gated output is added to its input (residual).</li>
 * </ul>
 * Both use the gated activation tanh(a) * sigmoid(b). Together the stacks see the whole context above a
 * pixel and to its left: the plain PixelCNN's blind spot is gone. The first layer's kernels are
 * {@code firstKernel} wide, the {@code blocks} layers after it {@code blockKernel}; then the shared head.
 * Conditional, each stack's pre-gate map gets the class as a learned bias, the paper's form (section 2.3).
 */
public final class GatedPixelCnn {

    private GatedPixelCnn() {
    }

    public static ComputationGraphConfiguration configuration(ModelConfig model, ImageShape shape, IUpdater updater,
                                                              DataType dataType, long seed) {
        int channels = shape.channels();
        int p = model.hidden();
        int layers = model.blocks() + 1;
        GraphBuilder graph = ModelGraph.start(shape, model.classes(), updater, dataType, seed);
        String vertical = null;
        String horizontal = null;
        for (int l = 1; l <= layers; l++) {
            String name = "gated-" + l;
            boolean first = l == 1;
            int kernel = first ? model.firstKernel() : model.blockKernel();
            long in = first ? channels : p;
            MaskedConvolution verticalConv = MaskedConvolution.of(MaskType.VERTICAL, kernel, kernel, in, 2L * p, channels,
                    Activation.IDENTITY);
            MaskedConvolution horizontalConv = MaskedConvolution.of(first ? MaskType.A : MaskType.B, 1, kernel, in,
                    2L * p, channels, Activation.IDENTITY).withOutputBlocks(2);
            if (first) {
                ModelGraph.addFromPixels(graph, name + "-vertical", verticalConv, shape);
                ModelGraph.addFromPixels(graph, name + "-horizontal", horizontalConv, shape);
            } else {
                graph.addLayer(name + "-vertical", verticalConv, vertical)
                        .addLayer(name + "-horizontal", horizontalConv, horizontal);
            }
            // the paper's conditioning, tanh(W*x + V_f^T h) * sigmoid(W*x + V_g^T h): one class bias on each
            // stack's 2p pre-gate channels (nothing in an unconditional graph)
            String verticalPreGate = ModelGraph.addClassBias(graph, name + "-vertical", 2L * p);
            graph.addLayer(name + "-down", new ShiftDown(), verticalPreGate)
                    .addLayer(name + "-link", MaskedConvolution.of(MaskType.VERTICAL, 1, 1, 2L * p, 2L * p, channels,
                            Activation.IDENTITY), name + "-down")
                    .addVertex(name + "-sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "-horizontal",
                            name + "-link");
            String horizontalPreGate = ModelGraph.addClassBias(graph, name + "-sum", 2L * p);
            graph.addLayer(name + "-gate", new GatedActivation(), horizontalPreGate)
                    .addLayer(name + "-out", ModelGraph.conv(MaskType.B, 1, p, p, channels, Activation.IDENTITY),
                            name + "-gate");
            if (l < layers) {
                // the last layer's vertical features would feed nothing
                graph.addLayer(name + "-vertical-gate", new GatedActivation(), verticalPreGate);
                vertical = name + "-vertical-gate";
            }
            if (first) {
                horizontal = name + "-out";
            } else {
                graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), horizontal, name + "-out");
                horizontal = name;
            }
        }
        return ModelGraph.finish(graph, horizontal, p, 2L * p, channels, model.likelihood());
    }
}
