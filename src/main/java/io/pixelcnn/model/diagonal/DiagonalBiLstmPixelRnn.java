package io.pixelcnn.model.diagonal;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.LstmRecurrence;
import io.pixelcnn.model.MaskType;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The PixelRNN with Diagonal BiLSTM layers (van den Oord et al. 2016, section 3.2 and table 4): the mask-A
 * entrance to {@code 2*hidden} features, then per layer a 1x1 mask-B input-to-state convolution to both
 * directions' gates, the Diagonal BiLSTM, and a 1x1 convolution back to {@code 2*hidden} added to the
 * layer's input (residual); then the shared head. Conditional, the class enters after the entrance and into
 * both directions' gate pre-activations.
 */
public final class DiagonalBiLstmPixelRnn {

    private DiagonalBiLstmPixelRnn() {
    }

    public static ComputationGraphConfiguration configuration(ModelConfig model, ImageShape shape, IUpdater updater,
                                                              DataType dataType, long seed) {
        int channels = shape.channels();
        int hidden = model.hidden();
        int wide = 2 * hidden;
        int gateBlocks = DiagonalBiLstm.DIRECTIONS * LstmRecurrence.GATES;
        GraphBuilder graph = ModelGraph.start(shape, model.classes(), updater, dataType, seed);
        String previous = ModelGraph.addEntrance(graph, shape, model.firstKernel(), wide);
        for (int l = 1; l <= model.blocks(); l++) {
            String layer = "diagonal-bilstm-" + l;
            graph.addLayer(layer + "-input", ModelGraph.conv(MaskType.B, 1, wide, (long) gateBlocks * hidden, channels,
                    Activation.IDENTITY).withOutputBlocks(gateBlocks), previous);
            String gates = ModelGraph.addClassBias(graph, layer + "-input", (long) gateBlocks * hidden);
            graph.addLayer(layer + "-state", DiagonalBiLstm.of(hidden), gates)
                    .addLayer(layer + "-expand", ModelGraph.conv(MaskType.B, 1, hidden, wide, channels,
                            Activation.IDENTITY), layer + "-state")
                    .addVertex(layer, new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, layer + "-expand");
            previous = layer;
        }
        return ModelGraph.finish(graph, previous, wide, wide, channels, model.likelihood());
    }
}
