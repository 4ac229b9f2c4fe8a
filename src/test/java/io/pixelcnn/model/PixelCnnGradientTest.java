package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.pixelcnn.PixelCnn;
import io.pixelcnn.testing.GradientCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Analytic gradients of every parameter array of a small PixelCNN (the mask-A entrance, a residual block's
 * three masked convolutions, the head and the logits, weights and biases) against finite differences,
 * grayscale and RGB; {@link GradientCheck} says which elements of the larger arrays it samples.
 */
class PixelCnnGradientTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void gradientsMatchFiniteDifferences(int channels) {
        ImageShape shape = new ImageShape(channels, 5, 4);
        GradientCheck.Report report = GradientCheck.run(s -> PixelCnn.configuration(new ModelConfig(3, 1, 3, 3), shape,
                s.updater(), s.dataType(), s.seed()), shape);
        assertTrue(report.passed(), channels + " channel(s): " + report);
    }

    /** The logistic mixture's output layer: its hand-written backward pass, and everything below it. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void logisticMixtureGradientsMatchFiniteDifferences(int channels) {
        ImageShape shape = new ImageShape(channels, 5, 4);
        ModelConfig config = new ModelConfig(3, 1, 3, 3).with(new LogisticMixture(3));
        GradientCheck.Report report = GradientCheck.run(s -> PixelCnn.configuration(config, shape,
                s.updater(), s.dataType(), s.seed()), shape);
        assertTrue(report.passed(), channels + " channel(s): " + report);
        assertTrue(report.checked().get(ModelGraph.LOGITS + "_W") > 0);
    }
}
