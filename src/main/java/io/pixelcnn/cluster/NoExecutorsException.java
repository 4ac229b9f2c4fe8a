package io.pixelcnn.cluster;

/** The cluster gave the job no executor within the time it may wait: nothing can run. */
public class NoExecutorsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public NoExecutorsException(String message) {
        super(message);
    }
}
