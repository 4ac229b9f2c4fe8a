package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** Analytic gradients of the custom layers (masked convolutions, pixel softmax) against finite differences. */
class PixelCnnGradientTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void gradientsMatchFiniteDifferences(int channels) {
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ImageShape shape = new ImageShape(channels, 5, 4);
            ComputationGraph graph = new ComputationGraph(
                    PixelCnn.configuration(new ModelConfig(3, 1, 3, 3), shape, new NoOp(), DataType.DOUBLE, 7));
            graph.init();
            Nd4j.getRandom().setSeed(11);
            // biases start at zero, which puts every pre-activation fed only by zero padding exactly on
            // ReLU's kink, where finite differences are meaningless
            graph.paramTable().forEach((name, param) -> {
                if (name.endsWith("_b")) {
                    param.assign(Nd4j.rand(DataType.DOUBLE, param.shape()).subi(0.5));
                }
            });
            INDArray pixels = Nd4j.rand(DataType.DOUBLE, 3, channels, 5, 4).muli(255).castTo(DataType.INT32)
                    .castTo(DataType.DOUBLE);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(graph)
                    .inputs(new INDArray[]{pixels})
                    .labels(new INDArray[]{pixels})
                    .epsilon(1e-6)
                    .maxRelError(1e-3)
                    // a score of ~400 nats leaves finite differences about 1e-6 of round-off
                    .minAbsoluteError(1e-6)
                    // the RGB logits layer alone has 4,608 weights; its 1x1 gradient code is the grayscale
                    // case's (checked in full) and its colour masks are those checked in every other layer
                    .excludeParams(channels == 3 ? java.util.Set.of("logits_W") : java.util.Set.of())
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok, "gradient check failed for " + channels + " channel(s)");
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }
}
