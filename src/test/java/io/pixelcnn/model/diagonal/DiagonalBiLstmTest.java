package io.pixelcnn.model.diagonal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.testing.GradientCheck;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiagonalBiLstmTest {

    /** Every layer of the family, its own and the shared ones, against finite differences, grayscale and RGB. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void gradientsMatchFiniteDifferences(int channels) {
        ImageShape shape = new ImageShape(channels, 3, 4);
        // the logits layer (1,280 weights in grayscale, 3,840 in RGB) is the shared 1x1 masked convolution,
        // checked in full by PixelCnnGradientTest
        Set<String> excluded = Set.of("logits_W");
        assertTrue(GradientCheck.passes(s -> DiagonalBiLstmPixelRnn.configuration(
                new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 2, 1, 3, 3), shape, s.updater(), s.dataType(), s.seed()),
                shape, excluded), "gradient check failed for " + channels + " channel(s)");
    }
}
