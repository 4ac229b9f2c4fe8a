package io.pixelcnn.train;

import io.pixelcnn.config.LearningRateSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Adam's learning rate at each optimizer step of a run: the one place its formula lives. With base rate r
 * (the replica's {@code learning-rate}, after {@code learning-rate-scaling}), warm-up W, S steps per epoch
 * and T = epochs x S steps in the run, step i (the model's update count before the step, from 0) takes
 * <pre>
 *   i &lt; W      r (i + 1) / W
 *   constant   r
 *   cosine     min + (r - min) (1 + cos(pi p)) / 2,   p = min(1, (i - W) / (T - 1 - W)): min at the last step
 *   step       r factor^floor(i / (decayEpochs S))
 *   cool-down  r for i &lt; T - C, then min + (r - min) (T - 1 - i) / C,   C = max(1, round(cooldownFraction T))
 * </pre>
 * The cool-down holds the rate and spends only the run's last C steps falling, linearly, to min at the last
 * step: the iterates' noise at a high rate goes, with less of the run at a low rate than cosine's
 * (docs/scaling.md, "A cool-down at the end").
 * A step is each worker's minibatch step, counted as DL4J's driver counts them (averaging-frequency per
 * round, which {@code ContinuingAveragingMaster} hands to the workers), so the rate is a pure function of
 * that count: the same on every worker, and a resumed run, whose checkpoint holds the count, continues it.
 *
 * <p>An {@link ISchedule}: Adam asks it at every update, on the workers, and the model's configuration
 * carries it (Java serialization to the workers, JSON into checkpoints, hence the annotations).
 */
public final class ScheduledLearningRate implements ISchedule {

    private static final long serialVersionUID = 1L;

    @JsonProperty private final double baseRate;
    @JsonProperty private final LearningRateSchedule.Shape shape;
    @JsonProperty private final int warmupSteps;
    @JsonProperty private final double minRate;
    @JsonProperty private final double decayFactor;
    @JsonProperty private final long decaySteps;
    @JsonProperty private final long totalSteps;
    @JsonProperty private final long cooldownSteps;

    public ScheduledLearningRate(@JsonProperty("baseRate") double baseRate,
                                 @JsonProperty("shape") LearningRateSchedule.Shape shape,
                                 @JsonProperty("warmupSteps") int warmupSteps,
                                 @JsonProperty("minRate") double minRate,
                                 @JsonProperty("decayFactor") double decayFactor,
                                 @JsonProperty("decaySteps") long decaySteps,
                                 @JsonProperty("totalSteps") long totalSteps,
                                 @JsonProperty("cooldownSteps") long cooldownSteps) {
        this.baseRate = baseRate;
        this.shape = shape;
        this.warmupSteps = warmupSteps;
        this.minRate = minRate;
        this.decayFactor = decayFactor;
        this.decaySteps = decaySteps;
        this.totalSteps = totalSteps;
        this.cooldownSteps = cooldownSteps;
    }

    /** {@code schedule} at base rate {@code baseRate} over {@code epochs} epochs of {@code stepsPerEpoch} steps. */
    public static ScheduledLearningRate of(LearningRateSchedule schedule, double baseRate, int epochs, long stepsPerEpoch) {
        long totalSteps = epochs * stepsPerEpoch;
        return new ScheduledLearningRate(baseRate, schedule.shape(), schedule.warmupSteps(), schedule.minRate(),
                schedule.decayFactor(), schedule.decayEpochs() * stepsPerEpoch, totalSteps,
                Math.max(1, Math.round(schedule.cooldownFraction() * totalSteps)));
    }

    /** The rate of step {@code step} (the model's update count before it). */
    public double rateAt(long step) {
        if (step < warmupSteps) {
            return baseRate * (step + 1) / warmupSteps;
        }
        return switch (shape) {
            case CONSTANT -> baseRate;
            case COSINE -> {
                long last = totalSteps - 1; // the run's last step takes the floor
                double progress = last <= warmupSteps ? 1 : Math.min(1, (double) (step - warmupSteps) / (last - warmupSteps));
                yield minRate + (baseRate - minRate) * (1 + Math.cos(Math.PI * progress)) / 2;
            }
            case STEP -> baseRate * Math.pow(decayFactor, Math.floorDiv(step, Math.max(1, decaySteps)));
            case COOLDOWN -> {
                long start = totalSteps - cooldownSteps;
                if (step < start) {
                    yield baseRate;
                }
                double progress = Math.min(1, (double) (step - start + 1) / cooldownSteps); // 1: the last step's floor
                yield minRate + (baseRate - minRate) * (1 - progress);
            }
        };
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return rateAt(iteration);
    }

    @Override
    public ISchedule clone() {
        return this; // immutable
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScheduledLearningRate that && baseRate == that.baseRate && shape == that.shape
                && warmupSteps == that.warmupSteps && minRate == that.minRate && decayFactor == that.decayFactor
                && decaySteps == that.decaySteps && totalSteps == that.totalSteps && cooldownSteps == that.cooldownSteps;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(baseRate, shape, warmupSteps, minRate, decayFactor, decaySteps, totalSteps, cooldownSteps);
    }

    @Override
    public String toString() {
        return "ScheduledLearningRate(" + shape.key() + ", rate " + baseRate + ", warm-up " + warmupSteps + ")";
    }
}
