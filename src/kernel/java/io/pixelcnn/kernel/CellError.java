package io.pixelcnn.kernel;

import java.util.List;

/**
 * A cell that does not compile, throws, or asks for something the kernel cannot do. Its message is what
 * Jupyter shows as the error's value; its lines are the traceback (the compiler's diagnostics with the
 * code they point at, or the cell's exception and stack).
 */
final class CellError extends RuntimeException {

    private final List<String> lines;

    CellError(String message, List<String> lines) {
        super(message, null, false, false);
        this.lines = List.copyOf(lines);
    }

    List<String> lines() {
        return lines;
    }

    /** All of it: Jupyter's execute reply (what nbconvert prints when it stops) carries only this text. */
    @Override
    public String getLocalizedMessage() {
        return String.join("\n", lines);
    }
}
