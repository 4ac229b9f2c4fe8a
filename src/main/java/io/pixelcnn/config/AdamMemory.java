package io.pixelcnn.config;

/**
 * How far back each replica's Adam remembers its squared gradients as the replicas grow. Adam's second-moment
 * estimate decays by beta2 = 0.999 a step, so one model's spans about 1/(1 - beta2) = 1,000 steps. N replicas
 * take 1/N of one model's steps over the same images, so at 0.999 theirs spans N times the images: early,
 * large gradients keep its later steps small. {@link #IMAGES} gives each replica beta2^N, the memory of one
 * model in images (0.999^8 = 0.992 at N = 8); one replica is unchanged either way. docs/scaling.md has the
 * measurements.
 */
public enum AdamMemory {

    /** beta2 = 0.999 whatever N: DL4J's Adam as it comes, and what every run saved before this key used. */
    STEPS,
    /** beta2 = 0.999^N: the replicas' second-moment estimate spans as many images as one model's. */
    IMAGES;

    /**
     * Adam's decay of the second moment for one model (the Adam paper's default): DL4J's
     * {@code Adam.DEFAULT_ADAM_BETA2_VAR_DECAY}, restated so that config stays free of ND4J (a test pins the two).
     */
    public static final double ONE_MODEL_BETA2 = 0.999;

    /** Adam's beta2 on each of {@code replicas} replicas. */
    public double beta2(int replicas) {
        return switch (this) {
            case STEPS -> ONE_MODEL_BETA2;
            case IMAGES -> Math.pow(ONE_MODEL_BETA2, replicas);
        };
    }

    public String key() {
        return EnumKeys.key(this);
    }

    /** {@code key} as an AdamMemory; an IllegalArgumentException naming the choices if it is none. */
    public static AdamMemory parse(String key) {
        return EnumKeys.parse(AdamMemory.class, "adam-memory", key);
    }
}
