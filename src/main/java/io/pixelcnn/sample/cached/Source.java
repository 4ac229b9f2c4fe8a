package io.pixelcnn.sample.cached;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a step reads: a vertex's storage, seen {@code shift} rows down (a ShiftDown vertex is not computed at
 * all: its readers look one row higher in its input's storage).
 */
record Source(Storage storage, int shift) {

    /** Whether reading it at row r needs row r to be finished first. */
    boolean delayed() {
        return shift == 0 && storage.delayed();
    }

    int channels() {
        return storage.channels();
    }

    Source shiftedDown() {
        return new Source(storage, shift + 1);
    }

    /** Registers a reader that reaches {@code up} rows above and {@code left}/{@code right} columns aside. */
    void readBy(int up, int left, int right, boolean later) {
        storage.readBy(shift, up, left, right, later);
    }

    INDArray at(int row, int col) {
        return storage.values().at(row - shift, col);
    }

    INDArray span(int row, int col, int count) {
        return storage.values().span(row - shift, col, count);
    }
}
