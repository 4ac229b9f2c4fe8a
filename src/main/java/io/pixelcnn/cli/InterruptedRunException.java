package io.pixelcnn.cli;

/** A command a signal interrupted, with the line that says what it kept and how to go on. */
final class InterruptedRunException extends RuntimeException {

    private final int exitCode;

    InterruptedRunException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
