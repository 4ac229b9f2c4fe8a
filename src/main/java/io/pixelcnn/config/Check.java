package io.pixelcnn.config;

/** Validation for configuration values: a broken value stops the job before any work with a clear message. */
final class Check {

    private Check() {
    }

    static void that(boolean condition, String message) {
        if (!condition) {
            throw new InvalidConfigException(message);
        }
    }
}
