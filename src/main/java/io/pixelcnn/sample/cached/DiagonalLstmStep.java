package io.pixelcnn.sample.cached;

import io.pixelcnn.model.LstmRecurrence;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Diagonal BiLSTM in image coordinates. The layer skews the map so that pixel (r, c) sits at step
 * {@code c + r}, line position r, and its 2x1 state-to-state kernel reads the previous step at line positions
 * r-1 and r: unskewed, (r-1, c) and (r, c-1), the cell carried from (r, c-1). The right-to-left direction is
 * the same on the mirrored image: (r-1, c), (r, c+1) and the cell from (r, c+1). Positions the skew puts
 * outside the image are never read by one inside it (left of the image they stay zero; right of it they are
 * only read further right), so zero borders stand for them exactly.
 *
 * <p>The left-to-right state is computed position by position; the right-to-left one reads its own row to the
 * right, so it runs right to left once the row is finished. The layer's output at (r, c) is the left-to-right
 * state there plus the right-to-left one of the row above, which that order always has ready. Colour: the
 * input-to-state convolution groups every gate block like the hidden state (mask B), and the state-to-state
 * part reads only earlier positions, so no channel at a position sees its own later channels, as in the layer.
 */
final class DiagonalLstmStep implements Step {

    /** The storages of one direction: hidden states and cells. */
    record Direction(Storage hidden, Storage cells) {
    }

    private final Source input;
    private final Storage output;
    private final Direction leftToRight;
    private final Direction rightToLeft;
    private final int width;
    private final INDArray[] fromAbove;
    private final INDArray[] alongRow;
    private final LstmCell cell;

    /** {@code stateWeights} {@code [2, 4h, 2h]}: per direction the weights of the row above, then of the same row. */
    DiagonalLstmStep(Source input, Storage output, Direction leftToRight, Direction rightToLeft,
                     INDArray stateWeights, int batch, int width) {
        this.input = input;
        this.output = output;
        this.leftToRight = leftToRight;
        this.rightToLeft = rightToLeft;
        this.width = width;
        int units = output.channels();
        int gates = LstmRecurrence.GATES * units;
        INDArray weights = stateWeights.castTo(DataType.FLOAT).dup('c');
        this.fromAbove = new INDArray[2];
        this.alongRow = new INDArray[2];
        for (int d = 0; d < 2; d++) {
            // [2h, 4h]: rows 0..h-1 multiply the state above, rows h..2h-1 the state beside
            INDArray transposed = weights.slice(d).transpose().dup('c');
            fromAbove[d] = rows(transposed, 0, units, gates);
            alongRow[d] = rows(transposed, units, units, gates);
        }
        this.cell = new LstmCell(batch, units);
    }

    private static INDArray rows(INDArray matrix, int from, int count, int columns) {
        return Nd4j.create(matrix.data(), new long[]{count, columns}, new long[]{columns, 1}, (long) from * columns,
                'c', DataType.FLOAT);
    }

    /**
     * Registers the reads: the input at the position and again once its row is finished; each direction's hidden
     * state a row up and a column back (its own way), its cell a column back; the right-to-left state a row up
     * by the output.
     */
    static void plan(Source input, Direction leftToRight, Direction rightToLeft) {
        input.readBy(0, 0, 0, true);
        leftToRight.hidden().readBy(0, 1, 1, 0, false);
        leftToRight.cells().readBy(0, 0, 1, 0, false);
        rightToLeft.hidden().readBy(0, 1, 0, 1, true);
        rightToLeft.cells().readBy(0, 0, 0, 1, true);
    }

    @Override
    public void compute(int row, int col) {
        update(0, row, col, col - 1);
        leftToRight.hidden().values().at(row, col).add(rightToLeft.hidden().values().at(row - 1, col),
                output.values().at(row, col));
    }

    @Override
    public void finishRow(int row) {
        for (int col = width - 1; col >= 0; col--) {
            update(1, row, col, col + 1);
        }
    }

    /** Direction {@code d}'s state at (row, col), from (row-1, col) and (row, beside). */
    private void update(int d, int row, int col, int beside) {
        Direction direction = d == 0 ? leftToRight : rightToLeft;
        Activations hidden = direction.hidden().values();
        Activations cells = direction.cells().values();
        INDArray gates = cell.gates();
        INDArray pre = input.at(row, col);
        int units = output.channels();
        int span = LstmRecurrence.GATES * units;
        gates.assign(Nd4j.create(pre.data(), new long[]{pre.size(0), span}, new long[]{pre.stride(0), 1},
                pre.offset() + (long) d * span, 'c', DataType.FLOAT));
        Nd4j.gemm(hidden.at(row - 1, col), fromAbove[d], gates, false, false, 1.0, 1.0);
        Nd4j.gemm(hidden.at(row, beside), alongRow[d], gates, false, false, 1.0, 1.0);
        cell.update(cells.at(row, beside), cells.at(row, col), hidden.at(row, col));
    }
}
