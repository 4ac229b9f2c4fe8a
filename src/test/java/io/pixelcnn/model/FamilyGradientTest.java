package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.GradientCheck;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Analytic gradients of every layer of the Gated PixelCNN (vertical and horizontal stacks, gated
 * activations, the shift down), the Row LSTM and the Diagonal BiLSTM (recurrence, skew) against finite
 * differences, grayscale and RGB (colour masks in gate blocks): every parameter array of every layer, the
 * head and logits included; {@link GradientCheck} says which elements of the larger arrays it samples.
 */
class FamilyGradientTest {

    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of(new ModelConfig(ModelFamily.GATED_PIXELCNN, 2, 1, 3, 3), 4, 5),
                Arguments.of(new ModelConfig(ModelFamily.ROW_LSTM, 2, 2, 3, 3), 4, 5),
                Arguments.of(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 2, 1, 3, 3), 3, 4));
    }

    @ParameterizedTest
    @MethodSource("families")
    void gradientsMatchFiniteDifferencesInGrayscale(ModelConfig config, int height, int width) {
        assertGradients(config, new ImageShape(1, height, width));
    }

    @ParameterizedTest
    @MethodSource("families")
    void gradientsMatchFiniteDifferencesInColour(ModelConfig config, int height, int width) {
        assertGradients(config, new ImageShape(3, height, width));
    }

    private static void assertGradients(ModelConfig config, ImageShape shape) {
        GradientCheck.Report report = GradientCheck.run(s -> ModelBuilder.configuration(config, shape, s.updater(),
                s.dataType(), s.seed()), shape);
        assertTrue(report.passed(), config.family() + " " + shape + ": " + report);
    }
}
