package io.pixelcnn.testing;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelGraph;
import java.util.Set;
import java.util.function.Function;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Analytic gradients of a whole model against central finite differences, in double precision, on a few
 * random images scored against themselves.
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * True when every parameter's gradient (but {@code excluded}) matches. {@code configuration} builds the
     * model for an updater, a data type and a seed.
     */
    public static boolean passes(Function<Setup, ComputationGraphConfiguration> configuration, ImageShape shape,
                                 Set<String> excluded) {
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph graph = new ComputationGraph(configuration.apply(new Setup(new NoOp(), DataType.DOUBLE, 7)));
            graph.init();
            Nd4j.getRandom().setSeed(11);
            // biases start at zero, which puts every pre-activation fed only by zero padding exactly on
            // ReLU's kink, where finite differences are meaningless; and the logits layer starts at zero (a
            // new model is uniform), which would make every gradient below it zero and the check vacuous
            graph.paramTable().forEach((name, param) -> {
                if (name.endsWith("_b")) {
                    param.assign(Nd4j.rand(DataType.DOUBLE, param.shape()).subi(0.5));
                }
            });
            INDArray logits = graph.getLayer(ModelGraph.LOGITS).getParam("W");
            logits.assign(Nd4j.randn(DataType.DOUBLE, logits.shape()).muli(0.3));
            INDArray pixels = Nd4j.rand(DataType.DOUBLE, 3, shape.channels(), shape.height(), shape.width()).muli(255)
                    .castTo(DataType.INT32).castTo(DataType.DOUBLE);
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(graph)
                    .inputs(new INDArray[]{pixels})
                    .labels(new INDArray[]{pixels})
                    .epsilon(1e-6)
                    .maxRelError(1e-3)
                    // a score of ~400 nats leaves finite differences about 1e-6 of round-off
                    .minAbsoluteError(1e-6)
                    .excludeParams(excluded)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }

    /** What the check builds its model with: no updates, double precision, a fixed seed. */
    public record Setup(IUpdater updater, DataType dataType, long seed) {
    }
}
