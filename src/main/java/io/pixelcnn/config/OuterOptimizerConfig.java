package io.pixelcnn.config;

import java.io.Serializable;
import java.util.Locale;

/**
 * The driver's step after each round of parameter averaging: the round's averaged change of the
 * parameters is taken as a gradient and applied with Nesterov momentum (DiLoCo, Douillard et al. 2023;
 * block momentum, Chen and Huo 2016). Learning rate 1 and momentum 0 is plain averaging, exactly.
 *
 * <p>Why it exists: N replicas that each take some Adam steps from the same point and are averaged keep one
 * replica's worth of the direction they agree on; momentum {@code 1 - 1/N} makes the steady-state step N
 * times the averaged one, so the images all replicas saw count as they would in one model.
 *
 * @param learningRate  multiplies the outer step; 1 keeps the averaged change as it is
 * @param momentum      Nesterov momentum across rounds, in [0, 1); ignored if {@code autoMomentum}
 * @param autoMomentum  use {@code 1 - 1/replicas} ({@code outer-momentum=auto}): 0 for one replica
 * @param warmupSteps   plain averaging until each replica has taken this many minibatch steps: early on a round
 *                      moves the model far along steep directions, and stepping beyond the average overshoots
 */
public record OuterOptimizerConfig(double learningRate, double momentum, boolean autoMomentum, int warmupSteps)
        implements Serializable {

    public static final String AUTO = "auto";
    /** Plain parameter averaging: what runs saved before the outer optimizer existed were trained with. */
    public static final OuterOptimizerConfig PLAIN = new OuterOptimizerConfig(1, 0, false, 0);

    public OuterOptimizerConfig {
        Check.that(learningRate > 0 && Double.isFinite(learningRate),
                "outer-learning-rate must be positive, got " + learningRate);
        Check.that(autoMomentum || (momentum >= 0 && momentum < 1),
                "outer-momentum must be at least 0 and below 1 (or 'auto'), got " + momentum);
        Check.that(warmupSteps >= 0, "outer-warmup-steps must not be negative, got " + warmupSteps);
    }

    /** No warm-up. */
    public OuterOptimizerConfig(double learningRate, double momentum, boolean autoMomentum) {
        this(learningRate, momentum, autoMomentum, 0);
    }

    /** {@code momentum} as written in a conf file: a number, or {@code auto}. */
    public static OuterOptimizerConfig parse(double learningRate, String momentum) {
        return parse(learningRate, momentum, 0);
    }

    /** {@code momentum} as written in a conf file: a number, or {@code auto}. */
    public static OuterOptimizerConfig parse(double learningRate, String momentum, int warmupSteps) {
        String value = momentum.trim().toLowerCase(Locale.ROOT);
        if (value.equals(AUTO)) {
            return new OuterOptimizerConfig(learningRate, 0, true, warmupSteps);
        }
        try {
            return new OuterOptimizerConfig(learningRate, Double.parseDouble(value), false, warmupSteps);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("outer-momentum must be a number in [0, 1) or 'auto', got '" + momentum + "'");
        }
    }

    /** The momentum used with {@code replicas} model replicas. */
    public double momentum(int replicas) {
        return autoMomentum ? 1 - 1.0 / replicas : momentum;
    }

    /** True if the outer step leaves the averaged parameters as they are (bit for bit: it is skipped). */
    public boolean isPlain(int replicas) {
        return learningRate == 1 && momentum(replicas) == 0;
    }

    /** The value of {@code outer-momentum} as the conf file spells it. */
    public String momentumText() {
        return autoMomentum ? AUTO : Double.toString(momentum);
    }
}
