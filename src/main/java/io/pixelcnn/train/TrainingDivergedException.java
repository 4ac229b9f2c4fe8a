package io.pixelcnn.train;

/** Training produced a non-finite loss or score; the run stops and keeps its last good checkpoint. */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }

    /** The first TrainingDivergedException in a cause chain (Spark wraps failures on workers), if any. */
    public static TrainingDivergedException findIn(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof TrainingDivergedException diverged) {
                return diverged;
            }
        }
        return null;
    }
}
