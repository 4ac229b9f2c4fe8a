package io.pixelcnn.io;

import java.io.IOException;

/** A run directory another live run holds (see {@link RunClaim}). */
public final class RunInUseException extends IOException {

    private static final long serialVersionUID = 1L;

    RunInUseException(String message) {
        super(message);
    }
}
