package io.pixelcnn.sample.cached;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Activations of the last {@code rows} image rows, in a ring: row r lives in slot {@code r % rows}, so the
 * cache holds only the rows a kernel or a recurrence still reaches back to. Layout
 * {@code [rows + 1, left + width + right, batch, channels]}, row-major: each position is one contiguous
 * {@code [batch, channels]} block. The extra slot stays zero and stands for every row above the image; the
 * {@code left} and {@code right} border columns stay zero and stand for the convolutions' "same" padding.
 */
final class RowActivations implements Activations {

    private final INDArray values;
    private final int rows;
    private final int left;
    private final int columns;
    private final int batch;
    private final int channels;
    private final INDArray[] positions;
    private final INDArray[] slots;
    private final Map<Long, INDArray> spans = new HashMap<>();

    RowActivations(int rows, int width, int left, int right, int batch, int channels) {
        this.rows = rows;
        this.left = left;
        this.columns = left + width + right;
        this.batch = batch;
        this.channels = channels;
        this.values = Nd4j.zeros(DataType.FLOAT, rows + 1, columns, batch, channels);
        this.positions = new INDArray[(rows + 1) * columns];
        this.slots = new INDArray[rows + 1];
        for (int slot = 0; slot <= rows; slot++) {
            slots[slot] = view(offset(slot, 0), new long[]{(long) columns * batch * channels}, new long[]{1});
        }
    }

    private int slot(int row) {
        return row < 0 ? rows : row % rows;
    }

    private long offset(int slot, int column) {
        return ((long) slot * columns + column) * batch * channels;
    }

    @Override
    public INDArray at(int row, int col) {
        int index = slot(row) * columns + col + left;
        INDArray position = positions[index];
        if (position == null) {
            position = view(offset(slot(row), col + left), new long[]{batch, channels}, new long[]{channels, 1});
            positions[index] = position;
        }
        return position;
    }

    @Override
    public INDArray span(int row, int col, int count) {
        long key = ((long) count * (rows + 1) + slot(row)) * columns + col + left;
        return spans.computeIfAbsent(key, k -> view(offset(slot(row), col + left), new long[]{batch, count, channels},
                new long[]{channels, (long) batch * channels, 1}));
    }

    /** Writes one value: how pixels enter the network, without an op per sub-pixel. */
    void put(int row, int col, int image, int channel, float value) {
        values.data().put(offset(slot(row), col + left) + (long) image * channels + channel, value);
    }

    @Override
    public void startRow(int row) {
        slots[slot(row)].assign(0);
    }

    @Override
    public void clear() {
        values.assign(0);
    }

    @Override
    public long bytes() {
        return values.length() * Float.BYTES;
    }

    private INDArray view(long offset, long[] shape, long[] strides) {
        return Nd4j.create(values.data(), shape, strides, offset, 'c', DataType.FLOAT);
    }
}
