package io.pixelcnn.sample.cached;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Row LSTM at one position: its gates are the input-to-state pre-activations there plus the 1 x k
 * state-to-state convolution of the row above's hidden states (one gathered patch, one matrix product); the
 * cell carries on from the row above, same column. Hidden states (the output) and cells keep two rows.
 */
final class RowLstmStep implements Step {

    private final Source input;
    private final Storage hidden;
    private final Storage cells;
    private final int half;
    private final int kernel;
    private final INDArray weights;
    private final INDArray patch;
    private final INDArray segment;
    private final LstmCell cell;

    /** {@code stateWeights} {@code [4h, k*h]}, as {@link io.pixelcnn.model.rowlstm.RowLstm} holds them. */
    RowLstmStep(Source input, Storage hidden, Storage cells, INDArray stateWeights, int kernel, int batch) {
        this.input = input;
        this.hidden = hidden;
        this.cells = cells;
        this.kernel = kernel;
        this.half = kernel / 2;
        int units = hidden.channels();
        this.weights = stateWeights.castTo(DataType.FLOAT).transpose().dup('c');
        this.patch = Nd4j.create(DataType.FLOAT, batch, (long) kernel * units);
        this.segment = patch.reshape('c', batch, kernel, units);
        this.cell = new LstmCell(batch, units);
    }

    /** The recurrence reads the row above: its hidden states across the kernel, its cell in the same column. */
    static void plan(Storage hidden, Storage cells, int kernel) {
        hidden.readBy(1, 0, kernel / 2, kernel / 2, false);
        cells.readBy(1, 0, 0, 0, false);
    }

    @Override
    public void compute(int row, int col) {
        cell.gates().assign(input.at(row, col));
        segment.assign(hidden.values().span(row - 1, col - half, kernel));
        Nd4j.gemm(patch, weights, cell.gates(), false, false, 1.0, 1.0);
        cell.update(cells.values().at(row - 1, col), cells.values().at(row, col), hidden.values().at(row, col));
    }
}
