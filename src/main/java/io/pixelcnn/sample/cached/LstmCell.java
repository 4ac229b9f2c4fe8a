package io.pixelcnn.sample.cached;

import io.pixelcnn.model.LstmRecurrence;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The LSTM update of one position for every image, as {@link LstmRecurrence} computes it for a whole line:
 * {@code [o, f, i, g] = [sigmoid, sigmoid, sigmoid, tanh](pre)}, {@code c = f . c_prev + i . g},
 * {@code h = o . tanh(c)}. The caller writes the gates' pre-activations into {@link #gates()}.
 */
final class LstmCell {

    private final INDArray gates;
    private final INDArray sigmoids;
    private final INDArray o;
    private final INDArray f;
    private final INDArray i;
    private final INDArray g;
    private final INDArray work;

    LstmCell(int batch, int hidden) {
        int width = LstmRecurrence.GATES * hidden;
        gates = Nd4j.create(DataType.FLOAT, batch, width);
        sigmoids = columns(batch, width, 0, 3 * hidden);
        o = columns(batch, width, 0, hidden);
        f = columns(batch, width, hidden, hidden);
        i = columns(batch, width, 2 * hidden, hidden);
        g = columns(batch, width, 3 * hidden, hidden);
        work = Nd4j.create(DataType.FLOAT, batch, hidden);
    }

    private INDArray columns(int batch, int width, int from, int count) {
        return Nd4j.create(gates.data(), new long[]{batch, count}, new long[]{width, 1}, from, 'c', DataType.FLOAT);
    }

    /** {@code [batch, 4*hidden]}: the pre-activations of o, f, i, g. */
    INDArray gates() {
        return gates;
    }

    /** Applies the gates: writes the new cell and hidden state from the previous cell. */
    void update(INDArray previousCell, INDArray cell, INDArray hidden) {
        Nd4j.exec(new Sigmoid(sigmoids, sigmoids));
        Nd4j.exec(new Tanh(g, g));
        i.mul(g, work);
        f.mul(previousCell, cell);
        cell.addi(work);
        Nd4j.exec(new Tanh(cell, work));
        o.mul(work, hidden);
    }
}
