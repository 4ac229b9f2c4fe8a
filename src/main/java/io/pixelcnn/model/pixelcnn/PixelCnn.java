package io.pixelcnn.model.pixelcnn;

import static io.pixelcnn.model.ModelGraph.conv;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.MaskType;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.model.Relu;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The PixelCNN of van den Oord et al. (2016) as a DL4J graph: the mask-A
 * entrance, residual blocks of masked convolutions, the shared head ({@link ModelGraph}). Conditional, the
 * class enters after the entrance and each of a block's three convolutions. It knows nothing of Spark.
 */
public final class PixelCnn {

    private PixelCnn() {
    }

    public static ComputationGraphConfiguration configuration(ModelConfig model, ImageShape shape, IUpdater updater,
                                                              DataType dataType, long seed) {
        int channels = shape.channels();
        int wide = 2 * model.hidden();
        GraphBuilder graph = ModelGraph.start(shape, model.classes(), updater, dataType, seed);
        String previous = ModelGraph.addEntrance(graph, shape, model.firstKernel(), wide);
        for (int b = 1; b <= model.blocks(); b++) {
            String block = "block-" + b;
            graph.addLayer(block + "-relu", new Relu(), previous);
            String reduced = ModelGraph.addConvolution(graph, block + "-reduce",
                    conv(MaskType.B, 1, wide, model.hidden(), channels, Activation.RELU), block + "-relu");
            String masked = ModelGraph.addConvolution(graph, block + "-masked", conv(MaskType.B, model.blockKernel(),
                    model.hidden(), model.hidden(), channels, Activation.RELU), reduced);
            String expanded = ModelGraph.addConvolution(graph, block + "-expand",
                    conv(MaskType.B, 1, model.hidden(), wide, channels, Activation.IDENTITY), masked);
            // residual: the block learns a correction to its input
            graph.addVertex(block, new ElementWiseVertex(ElementWiseVertex.Op.Add), previous, expanded);
            previous = block;
        }
        return ModelGraph.finish(graph, previous, wide, wide, channels, model.likelihood());
    }
}
