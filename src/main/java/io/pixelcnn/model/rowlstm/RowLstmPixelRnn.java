package io.pixelcnn.model.rowlstm;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.LstmRecurrence;
import io.pixelcnn.model.MaskType;
import io.pixelcnn.model.MaskedConvolution;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The PixelRNN with Row LSTM layers (van den Oord et al. 2016, section 3.1 and table 4): the mask-A
 * entrance to {@code 2*hidden} features, then per layer a masked 1 x k input-to-state convolution (mask B:
 * the entrance already hid each sub-pixel from itself) to the four gates, the Row LSTM, and a 1x1
 * convolution back to {@code 2*hidden} added to the layer's input (residual); then the shared head.
 * Conditional, the class enters after the entrance and into the four gates' input-to-state maps.
 */
public final class RowLstmPixelRnn {

    private RowLstmPixelRnn() {
    }

    public static ComputationGraphConfiguration configuration(ModelConfig model, ImageShape shape, IUpdater updater,
                                                              DataType dataType, long seed) {
        int channels = shape.channels();
        int hidden = model.hidden();
        int wide = 2 * hidden;
        int kernel = model.blockKernel();
        GraphBuilder graph = ModelGraph.start(shape, model.classes(), updater, dataType, seed);
        String previous = ModelGraph.addEntrance(graph, shape, model.firstKernel(), wide);
        for (int l = 1; l <= model.blocks(); l++) {
            String layer = "row-lstm-" + l;
            graph.addLayer(layer + "-input", MaskedConvolution.of(MaskType.B, 1, kernel, wide,
                    (long) LstmRecurrence.GATES * hidden, channels, Activation.IDENTITY)
                    .withOutputBlocks(LstmRecurrence.GATES), previous);
            String gates = ModelGraph.addClassBias(graph, layer + "-input", (long) LstmRecurrence.GATES * hidden);
            graph.addLayer(layer + "-state", RowLstm.of(hidden, kernel), gates)
                    .addLayer(layer + "-expand", ModelGraph.conv(MaskType.B, 1, hidden, wide, channels,
                            Activation.IDENTITY), layer + "-state")
                    .addVertex(layer, new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, layer + "-expand");
            previous = layer;
        }
        return ModelGraph.finish(graph, previous, wide, wide, channels, model.likelihood());
    }
}
