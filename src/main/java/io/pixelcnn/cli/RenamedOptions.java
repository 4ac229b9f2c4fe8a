package io.pixelcnn.cli;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Options renamed so that one word means one thing in every command: {@code --model} is a saved model's path
 * (evaluate, sample, score, complete), a model family is {@code --family} (train, bench, and the conf key);
 * bench says {@code --hidden} and {@code --batch-size} as train does. The old name, on a command line or as a
 * conf key, is answered with the new one.
 */
final class RenamedOptions {

    /** Old long name to new, without dashes. */
    private static final Map<String, String> NEW_NAMES = Map.of("model", "family", "h", "hidden", "batch", "batch-size");

    private RenamedOptions() {
    }

    /**
     * The new name of {@code given} (a long name without dashes that this command or the conf file does not
     * know) when it is the old name of one of {@code names}; the suggestion to make then, before any guess.
     */
    static Optional<String> newName(String given, Set<String> names) {
        String now = NEW_NAMES.get(given);
        return now != null && names.contains(now) ? Optional.of(now) : Optional.empty();
    }

    /** What the old name means now, to say beside the suggestion; blank when it means nothing else. */
    static String note(String given) {
        return given.equals("model") ? " (model names a saved model, given to evaluate, sample, score, complete and classify)" : "";
    }
}
