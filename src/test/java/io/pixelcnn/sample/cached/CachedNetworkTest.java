package io.pixelcnn.sample.cached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.LogisticMixture;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.PixelSoftmax;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * At every sub-pixel, the cached network's distributions equal the full image's forward pass, fed the
 * sub-pixels one at a time as a sampler feeds them: for every model family, grayscale and
 * colour, and two architectures each (kernels and depths that reach past the image's edges).
 */
class CachedNetworkTest {

    private static final double TOLERANCE = 2e-6;

    static Stream<Arguments> models() {
        ImageShape gray = new ImageShape(1, 6, 7);
        ImageShape rgb = new ImageShape(3, 5, 6);
        return Stream.of(
                Arguments.of(new ModelConfig(8, 2, 5, 3), gray),
                Arguments.of(new ModelConfig(6, 1, 3, 5), gray),
                Arguments.of(new ModelConfig(6, 2, 3, 3), rgb),
                Arguments.of(new ModelConfig(4, 1, 7, 1), rgb),
                Arguments.of(new ModelConfig(ModelFamily.GATED_PIXELCNN, 6, 2, 5, 3), gray),
                Arguments.of(new ModelConfig(ModelFamily.GATED_PIXELCNN, 4, 1, 3, 5), gray),
                Arguments.of(new ModelConfig(ModelFamily.GATED_PIXELCNN, 6, 2, 3, 3), rgb),
                Arguments.of(new ModelConfig(ModelFamily.ROW_LSTM, 4, 2, 5, 3), gray),
                Arguments.of(new ModelConfig(ModelFamily.ROW_LSTM, 6, 1, 3, 5), gray),
                Arguments.of(new ModelConfig(ModelFamily.ROW_LSTM, 4, 2, 3, 3), rgb),
                Arguments.of(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 4, 2, 5, 3), gray),
                Arguments.of(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 6, 1, 3, 3), gray),
                Arguments.of(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 4, 2, 3, 3), rgb));
    }

    /** The logistic mixture: the same network, another likelihood turning its last layer into distributions. */
    static Stream<Arguments> mixtureModels() {
        ImageShape gray = new ImageShape(1, 6, 7);
        ImageShape rgb = new ImageShape(3, 5, 6);
        LogisticMixture mixture = new LogisticMixture(4);
        return Stream.of(
                Arguments.of(new ModelConfig(8, 2, 5, 3).with(mixture), gray),
                Arguments.of(new ModelConfig(6, 2, 3, 3).with(mixture), rgb),
                Arguments.of(new ModelConfig(ModelFamily.GATED_PIXELCNN, 6, 2, 5, 3).with(mixture), gray),
                Arguments.of(new ModelConfig(ModelFamily.GATED_PIXELCNN, 6, 2, 3, 3).with(mixture), rgb),
                Arguments.of(new ModelConfig(ModelFamily.ROW_LSTM, 4, 2, 5, 3).with(mixture), gray),
                Arguments.of(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 4, 2, 5, 3).with(mixture), gray),
                Arguments.of(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 4, 2, 3, 3).with(mixture), rgb));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("mixtureModels")
    void logisticMixtureDistributionsEqualTheFullForwardPassAtEverySubpixel(ModelConfig config, ImageShape shape) {
        distributionsEqualTheFullForwardPassAtEverySubpixel(config, shape);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void distributionsEqualTheFullForwardPassAtEverySubpixel(ModelConfig config, ImageShape shape) {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(config, shape, 1e-3, 5));
        int batch = 2;
        INDArray images = Nd4j.concat(0, Causality.randomImage(shape.channels(), shape.height(), shape.width(), 1),
                Causality.randomImage(shape.channels(), shape.height(), shape.width(), 2));
        INDArray full = model.outputSingle(images.dup());
        CachedNetwork network = CachedNetwork.of(model, shape, batch);
        network.clear();
        for (int row = 0; row < shape.height(); row++) {
            network.startRow(row);
            for (int col = 0; col < shape.width(); col++) {
                for (int channel = 0; channel < shape.channels(); channel++) {
                    network.compute(row, col);
                    INDArray cached = network.probabilities(row, col, channel);
                    for (int i = 0; i < batch; i++) {
                        for (int level = 0; level < PixelSoftmax.LEVELS; level++) {
                            assertEquals(full.getFloat(i, channel * PixelSoftmax.LEVELS + level, row, col),
                                    cached.getFloat(i, level), TOLERANCE, "image " + i + " row " + row + " col " + col
                                            + " channel " + channel + " level " + level);
                        }
                    }
                    // the sub-pixel becomes known only now, as when it is drawn
                    for (int i = 0; i < batch; i++) {
                        network.setPixel(i, row, col, channel, images.getInt(i, channel, row, col));
                    }
                }
            }
            network.finishRow(row);
        }
    }
}
