package io.pixelcnn.cli;

/**
 * An earlier attempt of this YARN application failed in a way that repeats (see {@link Failure#repeats()}):
 * the restarted driver reports that failure with its exit code instead of running into it again.
 */
final class EarlierAttemptFailedException extends Exception {

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    EarlierAttemptFailedException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
