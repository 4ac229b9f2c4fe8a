package io.pixelcnn.data;

/**
 * Input data the job cannot use. The message is one line that names the file and the problem, ready
 * to show a user as it is; it survives the trip from a Spark executor to the driver.
 */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first BadInputException in a cause chain (Spark wraps executor failures), if any. */
    public static BadInputException findIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BadInputException bad) {
                return bad;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
