package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.pixelcnn.PixelCnn;
import io.pixelcnn.testing.GradientCheck;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient check catches a wrong backward pass, and names the parameter array it is wrong in: a fault
 * planted in one layer of the grayscale model {@link PixelCnnGradientTest} checks (a test of that test),
 * and one in the logistic mixture's output layer, which shows below it.
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

    @ParameterizedTest(name = "logistic mixture output gradient x {0}")
    @CsvSource({"1.01, false", "1.0, true"})
    void aFaultyMixtureOutputLayerFailsTheCheckBelowIt(double factor, boolean passes) {
        // the output layer has no parameters: its fault shows in the arrays its gradient reaches, the logits' first
        ImageShape shape = new ImageShape(1, 4, 3);
        GradientCheck.Report report = GradientCheck.run(s -> PixelCnn.configuration(new ModelConfig(3, 1, 3, 3)
                .with(new LogisticMixture(2)), shape, s.updater(), s.dataType(), s.seed()), shape,
                graph -> ScaledMixtureLayer.plant(graph, factor));
        assertEquals(passes, report.passed(), report.toString());
        if (!passes) {
            assertTrue(report.failed().containsKey(ModelGraph.LOGITS + "_W"), report.toString());
        }
    }

    /** The mixture's output layer with its gradient scaled by a factor: a backward pass off by that much. */
    private static final class ScaledMixtureLayer extends PixelLogisticMixtureLayer {
        private final double factor;

        private ScaledMixtureLayer(PixelLogisticMixtureLayer original, double factor) {
            super(original.conf(), original.getDataType());
            this.factor = factor;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
            result.getSecond().muli(factor);
            return result;
        }

        static void plant(ComputationGraph graph, double factor) {
            PixelLogisticMixtureLayer original = (PixelLogisticMixtureLayer) graph.getLayer(ModelGraph.OUTPUT);
            ScaledMixtureLayer faulty = Layers.wire(new ScaledMixtureLayer(original, factor), original.conf(),
                    original.getListeners(), original.getIndex(), null, Map.of());
            ((LayerVertex) graph.getVertex(ModelGraph.OUTPUT)).setLayer(faulty);
            Layer[] layers = graph.getLayers();
            for (int i = 0; i < layers.length; i++) {
                if (layers[i] == original) {
                    layers[i] = faulty;
                }
            }
        }
    }

    private static GradientCheck.Report check(String layer, String param, double factor) {
        return GradientCheck.run(s -> PixelCnn.configuration(new ModelConfig(3, 1, 3, 3), SHAPE, s.updater(),
                s.dataType(), s.seed()), SHAPE, graph -> ScaledGradientLayer.plant(graph, layer, param, factor));
    }
}
