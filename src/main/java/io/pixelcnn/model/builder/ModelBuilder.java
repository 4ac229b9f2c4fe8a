package io.pixelcnn.model.builder;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.diagonal.DiagonalBiLstmPixelRnn;
import io.pixelcnn.model.gated.GatedPixelCnn;
import io.pixelcnn.model.pixelcnn.PixelCnn;
import io.pixelcnn.model.rowlstm.RowLstmPixelRnn;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Builds the model a configuration names, whatever its family: the one place that knows them all. The
 * families' own builders (one package each) share only the layers of {@code io.pixelcnn.model}.
 */
public final class ModelBuilder {

    private ModelBuilder() {
    }

    /** A freshly initialised model trained with Adam in single precision. */
    public static ComputationGraph build(ModelConfig model, ImageShape shape, double learningRate, long seed) {
        ComputationGraph graph = new ComputationGraph(configuration(model, shape, new Adam(learningRate),
                DataType.FLOAT, seed));
        graph.init();
        return graph;
    }

    public static ComputationGraphConfiguration configuration(ModelConfig model, ImageShape shape, IUpdater updater,
                                                              DataType dataType, long seed) {
        return switch (model.family()) {
            case PIXELCNN -> PixelCnn.configuration(model, shape, updater, dataType, seed);
            case GATED_PIXELCNN -> GatedPixelCnn.configuration(model, shape, updater, dataType, seed);
            case ROW_LSTM -> RowLstmPixelRnn.configuration(model, shape, updater, dataType, seed);
            case DIAGONAL_BILSTM -> DiagonalBiLstmPixelRnn.configuration(model, shape, updater, dataType, seed);
        };
    }
}
