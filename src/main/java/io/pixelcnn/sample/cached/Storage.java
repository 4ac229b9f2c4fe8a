package io.pixelcnn.sample.cached;

/**
 * What one vertex's activations must keep, learnt from its readers before anything is allocated: how many
 * rows back they reach (a k x k kernel reaches k/2 rows up, a shift down one more, a recurrence its previous
 * row), how many columns to either side, and whether anything reads it later than at the position just
 * computed. Only then is it a ring of rows; otherwise a single position.
 */
final class Storage {

    private final int channels;
    /** Computed once a row is finished (its row-r values read row r to the right), not position by position. */
    private final boolean delayed;
    private boolean rows;
    private int rowsBack;
    private int left;
    private int right;
    private Activations values;

    Storage(int channels, boolean delayed) {
        this.channels = channels;
        this.delayed = delayed;
        this.rows = delayed;
    }

    int channels() {
        return channels;
    }

    boolean delayed() {
        return delayed;
    }

    /**
     * A reader at row r reads rows {@code r-shift-up .. r-shift}, columns {@code left} before to {@code right}
     * after its own; {@code later}: it reads when its row is finished, not at the position just computed.
     */
    void readBy(int shift, int up, int left, int right, boolean later) {
        rowsBack = Math.max(rowsBack, shift + up);
        this.left = Math.max(this.left, left);
        this.right = Math.max(this.right, right);
        rows |= shift > 0 || up > 0 || left > 0 || right > 0 || later;
    }

    /** Pixels are written one sub-pixel at a time, so they always live in rows. */
    void keepRows() {
        rows = true;
    }

    Activations allocate(int batch, int width) {
        values = rows ? new RowActivations(rowsBack + 1, width, left, right, batch, channels)
                : new PositionActivations(batch, channels);
        return values;
    }

    Activations values() {
        if (values == null) {
            throw new IllegalStateException("storage read before it was allocated");
        }
        return values;
    }
}
