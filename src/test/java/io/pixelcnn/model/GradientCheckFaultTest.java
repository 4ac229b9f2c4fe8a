package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.pixelcnn.PixelCnn;
import io.pixelcnn.testing.GradientCheck;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gradient check catches a wrong backward pass, and names the parameter array it is wrong in: a fault
 * planted in one layer of the grayscale model {@link PixelCnnGradientTest} checks (a test of that test).
 */
class GradientCheckFaultTest {

    private static final ImageShape SHAPE = new ImageShape(1, 5, 4);

    @ParameterizedTest(name = "{0} {1} gradient x {2}")
    @CsvSource({
            // the logits' weights: the array the check used to skip in seven of its eight setups
            "logits, W, 0.0",
            "logits, b, 0.0",
            // 1% off at the bottom of the network: every gradient above it is right
            "mask-a, W, 1.01",
            "block-1-masked, b, 1.01"})
    void aFaultyGradientFailsTheCheckInItsArrayAlone(String layer, String param, double factor) {
        GradientCheck.Report report = check(layer, param, factor);
        assertEquals(Set.of(layer + "_" + param), report.failed().keySet(), report.toString());
    }

    @ParameterizedTest(name = "{0} {1} gradient x 1")
    @CsvSource({"logits, W", "mask-a, W"})
    void theSubstituteLayerWithoutAFaultPasses(String layer, String param) {
        // the failures above come from the fault, not from swapping the layer
        GradientCheck.Report report = check(layer, param, 1.0);
        assertTrue(report.passed(), report.toString());
    }

    private static GradientCheck.Report check(String layer, String param, double factor) {
        return GradientCheck.run(s -> PixelCnn.configuration(new ModelConfig(3, 1, 3, 3), SHAPE, s.updater(),
                s.dataType(), s.seed()), SHAPE, graph -> ScaledGradientLayer.plant(graph, layer, param, factor));
    }
}
