package io.pixelcnn.sample.cached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ClassBiasParameters;
import io.pixelcnn.model.LogisticMixture;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.PixelSoftmax;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * At every sub-pixel, the cached network's distributions equal the full image's forward pass, fed the
 * sub-pixels one at a time as a sampler feeds them: for every model family, grayscale and
 * colour, and two architectures each (kernels and depths that reach past the image's edges); and for
 * class-conditional models, each image of the batch in its own class.
 */
class CachedNetworkTest {

    private static final double TOLERANCE = 2e-6;
    private static final int CLASSES = 3;

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

    /** Class-conditional models of every family, both likelihoods: the two images of the batch in two classes. */
    static Stream<Arguments> conditionalModels() {
        ImageShape gray = new ImageShape(1, 6, 7);
        ImageShape rgb = new ImageShape(3, 5, 6);
        LogisticMixture mixture = new LogisticMixture(4);
        return Stream.of(
                Arguments.of(new ModelConfig(8, 2, 5, 3).conditionedOn(CLASSES), gray),
                Arguments.of(new ModelConfig(6, 2, 3, 3).with(mixture).conditionedOn(CLASSES), rgb),
                Arguments.of(new ModelConfig(ModelFamily.GATED_PIXELCNN, 6, 2, 5, 3).conditionedOn(CLASSES), gray),
                Arguments.of(new ModelConfig(ModelFamily.GATED_PIXELCNN, 6, 2, 3, 3).conditionedOn(CLASSES), rgb),
                Arguments.of(new ModelConfig(ModelFamily.ROW_LSTM, 4, 2, 5, 3).with(mixture).conditionedOn(CLASSES), gray),
                Arguments.of(new ModelConfig(ModelFamily.ROW_LSTM, 4, 2, 3, 3).conditionedOn(CLASSES), rgb),
                Arguments.of(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 4, 2, 5, 3).conditionedOn(CLASSES), gray),
                Arguments.of(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 4, 2, 3, 3).conditionedOn(CLASSES), rgb));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("conditionalModels")
    void conditionalDistributionsEqualTheFullForwardPassAtEverySubpixel(ModelConfig config, ImageShape shape) {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(config, shape, 1e-3, 5));
        // a new model's class rows are zero: random ones, so a wrong row would show
        Nd4j.getRandom().setSeed(17);
        model.paramTable().forEach((name, values) -> {
            if (name.endsWith("-class_" + ClassBiasParameters.KEY)) {
                values.assign(Nd4j.randn(values.dataType(), values.shape()).muli(0.5));
            }
        });
        assertCachedEqualsFull(model, shape, new int[]{2, 0});
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    void distributionsEqualTheFullForwardPassAtEverySubpixel(ModelConfig config, ImageShape shape) {
        assertCachedEqualsFull(Causality.randomLogits(ModelBuilder.build(config, shape, 1e-3, 5)), shape, null);
    }

    @Test
    void aConditionalNetworkSaysWhatIsWrongWithTheClasses() {
        ImageShape shape = new ImageShape(1, 3, 3);
        CachedNetwork network = CachedNetwork.of(ModelBuilder.build(new ModelConfig(2, 1, 3, 3).conditionedOn(CLASSES),
                shape, 1e-3, 5), shape, 2);
        assertEquals(CLASSES, network.classes());
        network.clear();
        assertEquals("a class-conditional model: setClasses before computing a batch",
                assertThrows(IllegalStateException.class, () -> network.compute(0, 0)).getMessage());
        assertEquals("classes: one per image of the batch of 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> network.setClasses(new int[]{0})).getMessage());
        assertEquals("class 3 is not one of the model's 3 classes (0..2)",
                assertThrows(IllegalArgumentException.class, () -> network.setClasses(new int[]{0, 3})).getMessage());
        CachedNetwork unconditional = CachedNetwork.of(ModelBuilder.build(new ModelConfig(2, 1, 3, 3), shape, 1e-3, 5),
                shape, 2);
        assertEquals(0, unconditional.classes());
        assertThrows(IllegalArgumentException.class, () -> unconditional.setClasses(new int[]{0, 1}));
    }

    /** The cached network's distributions against the full pass, images of the {@code classes} (null: none). */
    private static void assertCachedEqualsFull(ComputationGraph model, ImageShape shape, int[] classes) {
        int batch = 2;
        INDArray images = Nd4j.concat(0, Causality.randomImage(shape.channels(), shape.height(), shape.width(), 1),
                Causality.randomImage(shape.channels(), shape.height(), shape.width(), 2));
        INDArray full = classes == null ? model.outputSingle(images.dup())
                : model.output(false, images.dup(), oneHot(classes))[0];
        CachedNetwork network = CachedNetwork.of(model, shape, batch);
        network.clear();
        if (classes != null) {
            network.setClasses(classes);
        }
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

    private static INDArray oneHot(int[] classes) {
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, classes.length, CLASSES);
        for (int i = 0; i < classes.length; i++) {
            oneHot.putScalar(i, classes[i], 1.0);
        }
        return oneHot;
    }
}
