package io.pixelcnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.LearningRateScaling;
import io.pixelcnn.config.OuterOptimizerConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The driver's Nesterov step, against the formula worked by hand in doubles, round by round. */
class OuterOptimizerTest {

    private static final double LR = 0.7;
    private static final double MOMENTUM = 0.9;

    @Test
    void threeRoundsEqualTheNesterovFormulaByHand() {
        OuterOptimizer outer = new OuterOptimizer(new OuterOptimizerConfig(LR, MOMENTUM, false), 4, Optional.empty());
        double[] params = {0.5, -1.25, 2.0};
        // what the replicas' average moved each parameter to, relative to where the round started
        double[][] averagedChange = {{-0.1, 0.2, 0.0}, {-0.05, 0.1, 0.3}, {0.2, -0.4, 0.05}};
        double[] velocity = new double[3];
        for (double[] change : averagedChange) {
            INDArray start = Nd4j.createFromArray(toFloats(params));
            double[] averaged = new double[3];
            for (int i = 0; i < 3; i++) {
                averaged[i] = params[i] + change[i];
            }
            INDArray onDriver = Nd4j.createFromArray(toFloats(averaged));
            outer.step(start, onDriver);
            for (int i = 0; i < 3; i++) {
                double gradient = params[i] - averaged[i];
                velocity[i] = MOMENTUM * velocity[i] + gradient;
                params[i] = params[i] - LR * (gradient + MOMENTUM * velocity[i]);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(params[i], onDriver.getDouble(i), 1e-5, "parameter " + i);
                assertEquals(velocity[i], outer.velocity().orElseThrow().getDouble(i), 1e-5, "velocity " + i);
            }
        }
        // the momentum carried the third round beyond the average: not plain averaging
        assertTrue(Math.abs(params[1] - (-1.25 + 0.2 + 0.1 - 0.4)) > 0.1);
    }

    @Test
    void plainAveragingIsLearningRateOneAndMomentumZeroAndAutoWithOneReplica() {
        assertTrue(new OuterOptimizer(OuterOptimizerConfig.PLAIN, 8, Optional.empty()).isPlain());
        OuterOptimizerConfig auto = OuterOptimizerConfig.parse(1.0, "auto");
        assertTrue(new OuterOptimizer(auto, 1, Optional.empty()).isPlain(), "one replica: momentum 1 - 1/1 = 0");
        assertFalse(new OuterOptimizer(auto, 2, Optional.empty()).isPlain());
        assertEquals(0.75, auto.momentum(4), 0.0);
        assertEquals(0.9, OuterOptimizerConfig.parse(0.7, "0.9").momentum(4), 0.0);
        assertFalse(new OuterOptimizer(new OuterOptimizerConfig(0.5, 0, false), 2, Optional.empty()).isPlain());
    }

    @Test
    void theOuterStepBeginsAfterTheWarmUpCountedInEachWorkersSteps() {
        OuterOptimizer warm = new OuterOptimizer(new OuterOptimizerConfig(1, 0.5, false, 30), 2, Optional.empty());
        assertFalse(warm.stepsAt(0));
        assertFalse(warm.stepsAt(29));
        assertTrue(warm.stepsAt(30));
        assertFalse(new OuterOptimizer(OuterOptimizerConfig.PLAIN, 2, Optional.empty()).stepsAt(1000), "plain never steps");
    }

    @Test
    void aVelocityFromACheckpointIsWhereTheNextStepStarts() {
        OuterOptimizerConfig config = new OuterOptimizerConfig(1, 0.5, false);
        INDArray saved = Nd4j.createFromArray(new float[]{0.2f, -0.2f});
        OuterOptimizer resumed = new OuterOptimizer(config, 2, Optional.of(saved));
        INDArray params = Nd4j.createFromArray(new float[]{1f, 1f});
        resumed.step(Nd4j.createFromArray(new float[]{1f, 1f}), params);
        // g = 0: v = 0.5 * v; params = start - (0 + 0.5 * v)
        assertEquals(1 - 0.5 * 0.1, params.getDouble(0), 1e-7);
        assertEquals(1 + 0.5 * 0.1, params.getDouble(1), 1e-7);
        assertEquals(0.2f, saved.getFloat(0), 0f, "the checkpoint's array is not changed in place");
    }

    @Test
    void learningRateScalingRules() {
        assertEquals(1e-3, LearningRateScaling.NONE.scale(1e-3, 8), 0.0);
        assertEquals(1e-3 * Math.sqrt(8), LearningRateScaling.SQRT.scale(1e-3, 8), 1e-15);
        assertEquals(8e-3, LearningRateScaling.LINEAR.scale(1e-3, 8), 1e-15);
        assertEquals(1e-3, LearningRateScaling.LINEAR.scale(1e-3, 1), 0.0, "one replica: the rate as given");
        // the reader of the value (a flag, a saved run's file) adds where it came from
        assertEquals("learning-rate-scaling must be one of none, sqrt, linear, got 'square'",
                assertThrows(IllegalArgumentException.class, () -> LearningRateScaling.parse("square")).getMessage());
    }

    @Test
    void badValuesAreRefusedWithTheKeyNamed() {
        assertTrue(assertThrows(InvalidConfigException.class, () -> OuterOptimizerConfig.parse(1, "1.0"))
                .getMessage().startsWith("outer-momentum must be at least 0 and below 1"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> OuterOptimizerConfig.parse(1, "fast"))
                .getMessage().contains("'fast'"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> OuterOptimizerConfig.parse(0, "0"))
                .getMessage().startsWith("outer-learning-rate must be positive"));
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
