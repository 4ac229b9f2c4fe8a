package io.pixelcnn.model;

import static io.pixelcnn.model.ArrayViews.block;
import static io.pixelcnn.model.ArrayViews.strided;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An LSTM run over {@code steps} in order, every step updating a whole line of positions at once (a row
 * of the image for the Row LSTM, a diagonal for the Diagonal BiLSTM), for all images of a minibatch:
 * <pre>
 *   [o, f, i, g] = [sigmoid, sigmoid, sigmoid, tanh](x_s + K * h_{s-1})
 *   c_s = f . c_{s-1} + i . g        h_s = o . tanh(c_s)
 * </pre>
 * {@code x_s} is the input-to-state part, computed beforehand for every position at once by a masked
 * convolution; {@code K * h_{s-1}} is the state-to-state convolution of the previous step's hidden state
 * along the line, reading it at the given {@code offsets} (Row LSTM: -k/2..k/2 along the row above;
 * Diagonal: the same row and the row above, -1 and 0, on the previous diagonal). The first step's previous
 * state is zero, and so is the state read beyond the ends of a line.
 *
 * <p>Layout, row-major: a step's arrays are {@code [channels, N, L]} (L the line's length), so every gate of
 * a step is one contiguous block and each element-wise part is one native op over the whole line and
 * minibatch. The state-to-state convolution is one matrix product per step: the previous state copied at
 * each offset into {@code [k*h, N*L]} columns, times the weights {@code [4h, k*h]}.
 */
public final class LstmRecurrence {

    /** Gates o, f, i, g, in this order, each {@code hidden} channels. */
    public static final int GATES = 4;

    private final int hidden;
    private final int[] offsets;

    public LstmRecurrence(int hidden, int[] offsets) {
        this.hidden = hidden;
        this.offsets = offsets.clone();
    }

    /** What the backward pass needs of the forward pass. Activations replace the gates' pre-activations. */
    public record Trace(INDArray gates, INDArray cells, INDArray tanhCells, INDArray hidden, INDArray columns,
                        long steps, long images, long length) {

        long positions() {
            return images * length;
        }
    }

    /** {@code [4h, k*h]}: the state-to-state weights' shape. */
    public long[] weightShape() {
        return new long[]{(long) GATES * hidden, (long) offsets.length * hidden};
    }

    /**
     * Runs the recurrence. {@code gates} holds the input-to-state pre-activations {@code [S, 4h, N, L]} and is
     * overwritten with the gates' activations; the hidden states are in the returned trace, {@code [S, h, N, L]}.
     */
    public Trace forward(INDArray gates, INDArray weights, Scratch scratch) {
        long steps = gates.size(0);
        long images = gates.size(2);
        long length = gates.size(3);
        long m = images * length;
        long hm = hidden * m;
        Trace t = new Trace(gates, scratch.uninitialized(steps, hidden, images, length),
                scratch.uninitialized(steps, hidden, images, length), scratch.uninitialized(steps, hidden, images, length),
                scratch.zeros(steps, offsets.length, hidden, images, length), steps, images, length);
        INDArray product = scratch.uninitialized(hidden, m);
        for (int s = 0; s < steps; s++) {
            INDArray step = block(gates, s * GATES * hm, GATES * hm);
            if (s > 0) {
                Nd4j.gemm(weights, columns(t, s), block(gates, s * GATES * hm, GATES * hidden, m), false, false, 1.0, 1.0);
            }
            INDArray sigmoids = block(step, 0, 3 * hm);
            Nd4j.exec(new Sigmoid(sigmoids, sigmoids));
            INDArray g = gate(t, s, 3);
            Nd4j.exec(new Tanh(g, g));
            INDArray cell = state(t.cells, s, t);
            gate(t, s, 2).muli(g, cell);
            if (s > 0) {
                gate(t, s, 1).muli(state(t.cells, s - 1, t), product);
                cell.addi(product);
            }
            INDArray tanhCell = state(t.tanhCells, s, t);
            Nd4j.exec(new Tanh(cell, tanhCell));
            gate(t, s, 0).muli(tanhCell, state(t.hidden, s, t));
            if (s + 1 < steps) {
                spread(state(t.hidden, s, t), t, s + 1);
            }
        }
        return t;
    }

    /**
     * Back-propagation through the steps in reverse: from the gradient of the hidden states
     * {@code [S, h, N, L]}, the gradient of the input-to-state pre-activations {@code [S, 4h, N, L]} (returned)
     * and of the weights (written into {@code weightGradient}).
     */
    public INDArray backward(Trace t, INDArray hiddenGradient, INDArray weights, INDArray weightGradient,
                             Scratch scratch) {
        long m = t.positions();
        long hm = hidden * m;
        INDArray gateGradient = scratch.uninitialized(t.steps, GATES * hidden, t.images, t.length);
        INDArray carriedHidden = scratch.zeros(hidden, m);
        INDArray carriedCell = scratch.zeros(hidden, m);
        INDArray dh = scratch.uninitialized(hidden, m);
        INDArray work = scratch.uninitialized(3 * hidden, m);
        INDArray workH = block(work, 0, hidden, m);
        INDArray columnGradient = scratch.uninitialized((long) offsets.length * hidden, m);
        weightGradient.assign(0);
        for (long s = t.steps - 1; s >= 0; s--) {
            block(hiddenGradient, s * hm, hidden, m).addi(carriedHidden, dh);
            INDArray o = gate(t, s, 0);
            INDArray f = gate(t, s, 1);
            INDArray i = gate(t, s, 2);
            INDArray g = gate(t, s, 3);
            INDArray tanhCell = state(t.tanhCells, s, t);
            INDArray dGates = block(gateGradient, s * GATES * hm, GATES * hidden, m);
            INDArray dO = block(dGates, 0, hidden, m);
            INDArray dF = block(dGates, hm, hidden, m);
            INDArray dI = block(dGates, 2 * hm, hidden, m);
            INDArray dG = block(dGates, 3 * hm, hidden, m);

            tanhCell.muli(dh, dO);
            // dc = dh . o . (1 - tanh(c)^2) + what the next step's cell passed back
            tanhCell.muli(tanhCell, workH).rsubi(1.0).muli(o).muli(dh);
            carriedCell.addi(workH);
            if (s > 0) {
                state(t.cells, s - 1, t).muli(carriedCell, dF);
            } else {
                dF.assign(0);
            }
            g.muli(carriedCell, dI);
            i.muli(carriedCell, dG);
            carriedCell.muli(f);

            // through the activations: sigmoid' = a(1-a) for o, f, i; tanh' = 1-g^2 for g
            INDArray sigmoids = block(t.gates, s * GATES * hm, 3 * hidden, m);
            sigmoids.rsubi(1.0, work).muli(sigmoids);
            block(dGates, 0, 3 * hidden, m).muli(work);
            g.muli(g, workH).rsubi(1.0);
            dG.muli(workH);

            if (s > 0) {
                INDArray columns = columns(t, s);
                Nd4j.gemm(dGates, columns, weightGradient, false, true, 1.0, 1.0);
                Nd4j.gemm(weights, dGates, columnGradient, true, false, 1.0, 0.0);
                gather(columnGradient, carriedHidden, t);
            }
        }
        return gateGradient;
    }

    /** Copies hidden state {@code h} {@code [h, N, L]} into step {@code s}'s columns, once per offset. */
    private void spread(INDArray h, Trace t, long s) {
        long hm = hidden * t.positions();
        for (int k = 0; k < offsets.length; k++) {
            int offset = offsets[k];
            long span = t.length - Math.abs(offset);
            if (span <= 0) {
                continue;
            }
            long at = Math.max(0, -offset);
            long from = at + offset;
            line(t.columns, (s * offsets.length + k) * hm + at, span, t).assign(line(h, from, span, t));
        }
    }

    /** The adjoint of {@link #spread}: sums the columns' gradients back into the previous hidden state's. */
    private void gather(INDArray columnGradient, INDArray hiddenGradient, Trace t) {
        long hm = hidden * t.positions();
        hiddenGradient.assign(0);
        for (int k = 0; k < offsets.length; k++) {
            int offset = offsets[k];
            long span = t.length - Math.abs(offset);
            if (span <= 0) {
                continue;
            }
            long at = Math.max(0, -offset);
            long from = at + offset;
            line(hiddenGradient, from, span, t).addi(line(columnGradient, k * hm + at, span, t));
        }
    }

    /** {@code span} consecutive positions of every line in a {@code [h, N, L]} block starting {@code offset} in. */
    private INDArray line(INDArray base, long offset, long span, Trace t) {
        return strided(base, offset, new long[]{hidden * t.images, span}, new long[]{t.length, 1});
    }

    private INDArray columns(Trace t, long s) {
        long m = t.positions();
        return block(t.columns, s * offsets.length * hidden * m, (long) offsets.length * hidden, m);
    }

    private INDArray gate(Trace t, long s, int gate) {
        long m = t.positions();
        return block(t.gates, (s * GATES + gate) * hidden * m, hidden, m);
    }

    private INDArray state(INDArray states, long s, Trace t) {
        long m = t.positions();
        return block(states, s * hidden * m, hidden, m);
    }
}
