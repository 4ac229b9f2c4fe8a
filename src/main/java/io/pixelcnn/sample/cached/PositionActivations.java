package io.pixelcnn.sample.cached;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Activations that are read only at the position where they were just computed (by 1x1 convolutions,
 * activations, sums): one {@code [batch, channels]} block, overwritten at every position. Most of a
 * network's activations are of this kind, which is what keeps the cache small.
 */
final class PositionActivations implements Activations {

    private final INDArray values;
    private final INDArray asSpan;

    PositionActivations(int batch, int channels) {
        values = Nd4j.zeros(DataType.FLOAT, batch, channels);
        asSpan = values.reshape('c', batch, 1, channels);
    }

    @Override
    public INDArray at(int row, int col) {
        return values;
    }

    @Override
    public INDArray span(int row, int col, int count) {
        if (count != 1) {
            throw new IllegalStateException("a single position has no span of " + count);
        }
        return asSpan;
    }

    @Override
    public void startRow(int row) {
        // overwritten at every position before it is read
    }

    @Override
    public void clear() {
        values.assign(0);
    }

    @Override
    public long bytes() {
        return values.length() * Float.BYTES;
    }
}
