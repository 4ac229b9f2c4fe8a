package io.pixelcnn.sample.cached;

/** One vertex of the network, computed incrementally. */
interface Step {

    /** Computes this vertex at (row, col) for every image, everything before it in raster order being known. */
    void compute(int row, int col);

    /** Row {@code row} is complete in every vertex computed position by position: what waits for that. */
    default void finishRow(int row) {
    }
}
