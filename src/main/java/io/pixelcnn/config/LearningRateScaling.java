package io.pixelcnn.config;

/**
 * How the replicas' Adam learning rate grows with their number N. N replicas averaged every H minibatches
 * see N times the images of one model per round but move it about as far as one replica does; a larger
 * step on each replica is what gives those images their due (docs/scaling.md has the measurements).
 */
public enum LearningRateScaling {

    /** Every replica at {@code learning-rate}, whatever N: DL4J's parameter averaging as it comes. */
    NONE,
    /** {@code learning-rate} x sqrt(N). */
    SQRT,
    /** {@code learning-rate} x N. */
    LINEAR;

    /** What {@code learningRate} becomes on each of {@code replicas} replicas. */
    public double scale(double learningRate, int replicas) {
        return switch (this) {
            case NONE -> learningRate;
            case SQRT -> learningRate * Math.sqrt(replicas);
            case LINEAR -> learningRate * replicas;
        };
    }

    public String key() {
        return EnumKeys.key(this);
    }

    public static LearningRateScaling parse(String key) {
        return EnumKeys.parse(LearningRateScaling.class, "learning-rate-scaling", key);
    }
}
