package io.pixelcnn.config;

/**
 * A configuration every option of which is valid, but which needs more memory than the job can have. The
 * message says what to change; the options' help would not help.
 */
public class ExceedsMemoryException extends InvalidConfigException {

    private static final long serialVersionUID = 1L;

    public ExceedsMemoryException(String message) {
        super(message);
    }
}
