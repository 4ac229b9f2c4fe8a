package io.pixelcnn.cli;

import io.pixelcnn.config.InvalidConfigException;

/**
 * {@code --run-dir} or {@code --resume} names a path that cannot hold a new run or holds none to continue,
 * or an output directory ({@code sample --out-dir}) cannot be created new. A usage error like any other, but reported as its one line alone: the options' help would not help.
 */
final class UnusableRunPathException extends InvalidConfigException {

    private static final long serialVersionUID = 1L;

    UnusableRunPathException(String message) {
        super(message);
    }
}
