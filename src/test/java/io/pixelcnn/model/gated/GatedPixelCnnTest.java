package io.pixelcnn.model.gated;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import io.pixelcnn.testing.GradientCheck;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatedPixelCnnTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void gradientsMatchFiniteDifferences(int channels) {
        ImageShape shape = new ImageShape(channels, 4, 5);
        Set<String> excluded = channels == 3 ? Set.of("logits_W") : Set.of();
        assertTrue(GradientCheck.passes(s -> GatedPixelCnn.configuration(
                new ModelConfig(ModelFamily.GATED_PIXELCNN, 2, 2, 3, 3), shape, s.updater(), s.dataType(), s.seed()),
                shape, excluded));
    }

    @Test
    void freshGrayscaleModelIsCausal() {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(
                new ModelConfig(ModelFamily.GATED_PIXELCNN, 6, 2, 3, 3), new ImageShape(1, 7, 8), 1e-3, 3));
        Causality.assertCausal(model, Causality.randomImage(1, 7, 8, 1), 1);
    }

    @Test
    void freshColourModelIsCausal() {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(
                new ModelConfig(ModelFamily.GATED_PIXELCNN, 6, 2, 3, 3), new ImageShape(3, 5, 6), 1e-3, 4));
        Causality.assertCausal(model, Causality.randomImage(3, 5, 6, 2), 1);
    }
}
