package io.pixelcnn.config;

/** A configuration value that cannot work; the message names the key and the value. */
public class InvalidConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
