package io.pixelcnn.data;

/**
 * Why one image cannot be used (empty, not an image, truncated, too large, wrong size). Caught per
 * image and turned into a skipped record or, failing fast, a {@link BadInputException} naming the file.
 * No stack trace: a corpus may hold many such images, and the reason is all anyone needs.
 */
final class MalformedImageException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedImageException(String problem) {
        super(problem, null, false, false);
    }
}
