package io.pixelcnn.cli;

import io.pixelcnn.cluster.Interrupts;
import io.pixelcnn.cluster.NoExecutorsException;
import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.data.BadInputException;
import io.pixelcnn.io.StorageException;
import io.pixelcnn.io.StoragePaths;
import io.pixelcnn.train.TrainingDivergedException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a failed command ends: its one line, its exit code (see {@link ExitCodes}), whether the failure was
 * foreseen (the line says it all; an unforeseen one also gets a stack trace), and whether running the same
 * command again would fail the same way (bad input, a configuration error, divergence), which a restarted
 * driver need not find out again.
 */
record Failure(int exitCode, String message, boolean foreseen, boolean repeats) {

    /** The line that tells the user: an interrupt is what they asked for, not an error. */
    String line() {
        return StoragePaths.shownIn(interrupted() ? message : "error: " + message);
    }

    boolean interrupted() {
        return exitCode == ExitCodes.SIGINT || exitCode == ExitCodes.SIGTERM;
    }

    /** How Spark quotes an executor's exception when it could not ship the exception object itself. */
    private static final Pattern QUOTED_BAD_INPUT = Pattern.compile(BadInputException.class.getName() + ": ([^\\n]*)");

    static Failure of(Exception error) {
        if (error instanceof InterruptedRunException interrupted) {
            return new Failure(interrupted.exitCode(), interrupted.getMessage(), true, false);
        }
        // whatever the failure says (a job cancelled, a context stopped), the signal made it
        Optional<Interrupts.Interrupt> interrupt = Interrupts.received();
        if (interrupt.isPresent()) {
            return new Failure(interrupt.get().exitCode(), interrupt.get().said() + " before the command ended", true,
                    false);
        }
        BadInputException badInput = BadInputException.findIn(error);
        if (badInput != null) {
            return new Failure(ExitCodes.BAD_INPUT, badInput.getMessage(), true, true);
        }
        Matcher quoted = QUOTED_BAD_INPUT.matcher(String.valueOf(error.getMessage()));
        if (quoted.find()) {
            return new Failure(ExitCodes.BAD_INPUT, quoted.group(1), true, true);
        }
        if (error instanceof EarlierAttemptFailedException earlier) {
            return new Failure(earlier.exitCode(), earlier.getMessage(), true, true);
        }
        if (error instanceof InvalidConfigException) {
            return new Failure(ExitCodes.USAGE, error.getMessage(), true, true);
        }
        StorageException storage = StorageException.findIn(error);
        if (storage != null) {
            // a full file system fails the run (free space and resume); one that cannot be reached is an output
            // path that cannot be used, like a file in its way (unreachable inputs are bad input, above)
            return new Failure(storage.kind() == StorageException.Kind.FULL ? ExitCodes.FAILED : ExitCodes.USAGE,
                    storage.getMessage(), true, false);
        }
        TrainingDivergedException diverged = TrainingDivergedException.findIn(error);
        if (diverged != null) {
            return new Failure(ExitCodes.FAILED, diverged.getMessage(), true, true);
        }
        if (error instanceof NoExecutorsException) {
            return new Failure(ExitCodes.FAILED, error.getMessage(), true, false);
        }
        return new Failure(ExitCodes.FAILED, String.valueOf(error), false, false);
    }
}
