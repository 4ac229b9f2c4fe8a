package io.pixelcnn.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The ways {@code bench --scaling} trains on N replicas' worth of images per step, side by side. Each is
 * the {@code train} command with its options: what a user would run.
 */
enum ScalingMethod {

    /** One model, batch B: what every other method is compared with. */
    SINGLE("one model"),
    /**
     * N replicas of batch B averaged every H minibatches, nothing more: DL4J's parameter averaging, without the
     * warm-up, the cool-down and the replicas' Adam beta2 that the conf file now gives every run.
     */
    PLAIN("plain averaging"),
    /**
     * N replicas as {@code train} runs them by default: its learning-rate scaling and outer optimizer from the
     * conf file, or what bench's {@code --learning-rate-scaling} and {@code --outer-*} say; the warm-up, the schedule
     * and Adam's memory always from the conf file (one model and the synchronous baseline take the same warm-up and
     * schedule).
     */
    DEFAULTS("train's defaults"),
    /**
     * What all-reduce trainers (Horovod, PyTorch DDP) compute per image: one model with batch N x B and its
     * learning rate scaled by sqrt(N), the rule for Adam (linear scaling is SGD's).
     */
    SYNC("synchronous N x B");

    private final String label;

    ScalingMethod(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Model replicas this method trains with N: the Spark master is local[replicas]. */
    int replicas(int n) {
        return this == PLAIN || this == DEFAULTS ? n : 1;
    }

    /** {@code train} options that make this method with N replicas, on top of the shared ones. */
    List<String> trainOptions(int n, ScalingSettings s) {
        List<String> options = new ArrayList<>(List.of("--workers", Integer.toString(replicas(n)),
                "--partitions", Integer.toString(replicas(n))));
        switch (this) {
            case SINGLE -> options.addAll(List.of("--batch-size", Integer.toString(s.batch()),
                    "--learning-rate", Double.toString(s.learningRate())));
            case PLAIN -> options.addAll(List.of("--batch-size", Integer.toString(s.batch()),
                    "--learning-rate", Double.toString(s.learningRate()),
                    "--learning-rate-scaling", "none", "--outer-learning-rate", "1", "--outer-momentum", "0",
                    "--learning-rate-warmup-steps", "0", "--adam-memory", "steps", "--learning-rate-schedule", "constant"));
            case DEFAULTS -> {
                options.addAll(List.of("--batch-size", Integer.toString(s.batch()),
                        "--learning-rate", Double.toString(s.learningRate())));
                options.addAll(s.outerOptions());
            }
            case SYNC -> options.addAll(List.of("--batch-size", Integer.toString(n * s.batch()),
                    "--learning-rate", Double.toString(s.learningRate() * Math.sqrt(n)), "--learning-rate-scaling", "none"));
            default -> throw new IllegalStateException(name());
        }
        return options;
    }
}
