package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.pixelcnn.PixelCnn;
import io.pixelcnn.testing.GradientCheck;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Analytic gradients of the custom layers (masked convolutions, pixel softmax) against finite differences. */
class PixelCnnGradientTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void gradientsMatchFiniteDifferences(int channels) {
        ImageShape shape = new ImageShape(channels, 5, 4);
        // the RGB logits layer alone has 4,608 weights; its 1x1 gradient code is the grayscale case's
        // (checked in full) and its colour masks are those checked in every other layer
        Set<String> excluded = channels == 3 ? Set.of("logits_W") : Set.of();
        assertTrue(GradientCheck.passes(s -> PixelCnn.configuration(new ModelConfig(3, 1, 3, 3), shape, s.updater(),
                s.dataType(), s.seed()), shape, excluded), "gradient check failed for " + channels + " channel(s)");
    }
}
