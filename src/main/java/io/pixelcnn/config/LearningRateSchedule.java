package io.pixelcnn.config;

import java.io.Serializable;

/**
 * How Adam's learning rate moves over a run's optimizer steps: a linear warm-up over {@code warmupSteps},
 * then constant, a cosine decay to {@code minRate} at the run's last step, a step decay by
 * {@code decayFactor} every {@code decayEpochs} epochs, or constant with a cool-down: a linear decay to
 * {@code minRate} over the run's last {@code cooldownFraction} of steps (warm-up, stable, decay: Hu et al.
 * 2024; Hägele et al. 2024). A step is one minibatch step of each worker, the
 * unit of {@code outer-warmup-steps}. The formula itself lives in {@code train.ScheduledLearningRate}.
 *
 * @param shape       what follows the warm-up
 * @param warmupSteps steps whose rate climbs linearly to the learning rate: step i (from 0) takes (i+1)/W of it
 * @param minRate     the floor of cosine and the cool-down, reached at the run's last step
 * @param decayEpochs step decay: epochs between two decays
 * @param decayFactor step decay: what the rate is multiplied by at each decay
 * @param cooldownFraction cool-down: the share of the run's steps, at its end, over which the rate falls to minRate
 */
public record LearningRateSchedule(Shape shape, int warmupSteps, double minRate, int decayEpochs, double decayFactor,
                                   double cooldownFraction) implements Serializable {

    /** The cool-down's share of the run when none is given: what was measured (docs/scaling.md). */
    public static final double DEFAULT_COOLDOWN_FRACTION = 0.2;

    /** What every run trained with before schedules existed, and what a run saved without their keys loads as. */
    public static final LearningRateSchedule CONSTANT = constantAfter(0);

    public LearningRateSchedule {
        Check.that(shape != null, "learning-rate-schedule missing");
        Check.that(warmupSteps >= 0, "learning-rate-warmup-steps must not be negative, got " + warmupSteps);
        Check.that(minRate >= 0 && Double.isFinite(minRate), "learning-rate-min must not be negative, got " + minRate);
        Check.that(decayEpochs >= 1, "learning-rate-decay-epochs must be at least 1, got " + decayEpochs);
        Check.that(decayFactor > 0 && decayFactor <= 1,
                "learning-rate-decay-factor must be above 0 and at most 1, got " + decayFactor);
        Check.that(cooldownFraction > 0 && cooldownFraction <= 1,
                "learning-rate-cooldown must be above 0 and at most 1, got " + cooldownFraction);
    }

    /** The first five fields, with the cool-down's share at its default (used only by the cool-down shape). */
    public LearningRateSchedule(Shape shape, int warmupSteps, double minRate, int decayEpochs, double decayFactor) {
        this(shape, warmupSteps, minRate, decayEpochs, decayFactor, DEFAULT_COOLDOWN_FRACTION);
    }

    /** A linear warm-up over {@code warmupSteps}, then the constant rate (the other shapes' fields unused). */
    public static LearningRateSchedule constantAfter(int warmupSteps) {
        return new LearningRateSchedule(Shape.CONSTANT, warmupSteps, 0, 1, 0.1);
    }

    /** The rate never moves: the model is given a plain number, exactly as before schedules existed. */
    public boolean isConstant() {
        return shape == Shape.CONSTANT && warmupSteps == 0;
    }

    /** Whether the rate falls to {@code minRate} by the run's last step (cosine and the cool-down). */
    public boolean fallsToMin() {
        return shape == Shape.COSINE || shape == Shape.COOLDOWN;
    }

    /** What follows the warm-up. */
    public enum Shape {
        CONSTANT, COSINE, STEP, COOLDOWN;

        public String key() {
            return EnumKeys.key(this);
        }

        public static Shape parse(String key) {
            return EnumKeys.parse(Shape.class, "learning-rate-schedule", key);
        }
    }
}
