package io.pixelcnn.sample.cached;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One vertex's activations, kept only where its readers still need them, for every image of the batch.
 * A position's activations are one contiguous {@code [batch, channels]} block, so a matrix product can read
 * or write them in place.
 */
interface Activations {

    /** The activations at (row, col): {@code [batch, channels]}, contiguous. Rows above the image read zero. */
    INDArray at(int row, int col);

    /**
     * {@code count} consecutive positions of a row from column {@code col} as {@code [batch, count, channels]}
     * (a view, cached per position): what a kernel row gathers into a patch.
     */
    INDArray span(int row, int col, int count);

    /** Zeroes the slot that {@code row} is about to use, so it never shows an earlier row's values. */
    void startRow(int row);

    /** Zeroes everything: a new batch. */
    void clear();

    /** Bytes held. */
    long bytes();
}
