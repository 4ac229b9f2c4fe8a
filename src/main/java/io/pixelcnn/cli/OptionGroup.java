package io.pixelcnn.cli;

/**
 * The sections of a command's {@code --help}, in the order they are shown: for {@code train} the order of
 * {@code conf/pixelcnn.conf}'s groups (data, model, training, then the run and its report). Every option
 * names its section with {@link Grouped}; {@link GroupedOptionList} lays them out.
 */
enum OptionGroup {
    DATA("Data"),
    MODEL("Model"),
    TRAINING("Training"),
    SCORING("Scoring"),
    SAMPLING("Sampling"),
    MEASUREMENT("Measurement"),
    SCALING("Scaling study (with --scaling)"),
    ROUND_COST("Cost of an averaging round (with --round-cost)"),
    CLASS_FIDELITY("Class fidelity (with --class-fidelity)"),
    REFERENCE("Reference"),
    OUTPUT("Output"),
    RUN("Run and report"),
    /** {@code -h} and {@code -V}, which picocli adds to every command: placed here without an annotation. */
    HELP("Help");

    private final String heading;

    OptionGroup(String heading) {
        this.heading = heading;
    }

    String heading() {
        return heading;
    }
}
