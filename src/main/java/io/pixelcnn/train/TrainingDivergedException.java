package io.pixelcnn.train;

/** Training produced a non-finite loss or score; the run stops and keeps its last good checkpoint. */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
