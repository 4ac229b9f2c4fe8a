package io.pixelcnn.config;

import java.io.Serializable;

/**
 * How Adam's learning rate moves over a run's optimizer steps: a linear warm-up over {@code warmupSteps},
 * then constant, a cosine decay to {@code minRate} at the run's last step, or a step decay by
 * {@code decayFactor} every {@code decayEpochs} epochs. A step is one minibatch step of each worker, the
 * unit of {@code outer-warmup-steps}. The formula itself lives in {@code train.ScheduledLearningRate}.
 *
 * @param shape       what follows the warm-up
 * @param warmupSteps steps whose rate climbs linearly to the learning rate: step i (from 0) takes (i+1)/W of it
 * @param minRate     cosine's floor, reached at the run's last step
 * @param decayEpochs step decay: epochs between two decays
 * @param decayFactor step decay: what the rate is multiplied by at each decay
 */
public record LearningRateSchedule(Shape shape, int warmupSteps, double minRate, int decayEpochs, double decayFactor)
        implements Serializable {

    /** What every run trained with before schedules existed, and what a run saved without their keys loads as. */
    public static final LearningRateSchedule CONSTANT = constantAfter(0);

    public LearningRateSchedule {
        Check.that(shape != null, "learning-rate-schedule missing");
        Check.that(warmupSteps >= 0, "learning-rate-warmup-steps must not be negative, got " + warmupSteps);
        Check.that(minRate >= 0 && Double.isFinite(minRate), "learning-rate-min must not be negative, got " + minRate);
        Check.that(decayEpochs >= 1, "learning-rate-decay-epochs must be at least 1, got " + decayEpochs);
        Check.that(decayFactor > 0 && decayFactor <= 1,
                "learning-rate-decay-factor must be above 0 and at most 1, got " + decayFactor);
    }

    /** A linear warm-up over {@code warmupSteps}, then the constant rate (cosine's and step decay's fields unused). */
    public static LearningRateSchedule constantAfter(int warmupSteps) {
        return new LearningRateSchedule(Shape.CONSTANT, warmupSteps, 0, 1, 0.1);
    }

    /** The rate never moves: the model is given a plain number, exactly as before schedules existed. */
    public boolean isConstant() {
        return shape == Shape.CONSTANT && warmupSteps == 0;
    }

    /** What follows the warm-up. */
    public enum Shape {
        CONSTANT, COSINE, STEP;

        public String key() {
            return EnumKeys.key(this);
        }

        public static Shape parse(String key) {
            return EnumKeys.parse(Shape.class, "learning-rate-schedule", key);
        }
    }
}
