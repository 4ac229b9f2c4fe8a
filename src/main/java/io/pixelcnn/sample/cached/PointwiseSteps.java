package io.pixelcnn.sample.cached;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/** The vertices that read only their own position: ReLU, a sum, the gated activation, a class bias. */
final class PointwiseSteps {

    private PointwiseSteps() {
    }

    /** A step computed position by position, or (reading a delayed vertex) for a whole row once it is finished. */
    abstract static class Pointwise implements Step {
        private final boolean delayed;
        private final int width;

        Pointwise(boolean delayed, int width) {
            this.delayed = delayed;
            this.width = width;
        }

        abstract void run(int row, int col);

        @Override
        public final void compute(int row, int col) {
            if (!delayed) {
                run(row, col);
            }
        }

        @Override
        public final void finishRow(int row) {
            if (delayed) {
                for (int col = 0; col < width; col++) {
                    run(row, col);
                }
            }
        }
    }

    static Step relu(Source input, Storage output, boolean delayed, int width) {
        return new Pointwise(delayed, width) {
            @Override
            void run(int row, int col) {
                Nd4j.exec(new RectifiedLinear(input.at(row, col), output.values().at(row, col), 0.0));
            }
        };
    }

    static Step sum(Source first, Source second, Storage output, boolean delayed, int width) {
        return new Pointwise(delayed, width) {
            @Override
            void run(int row, int col) {
                first.at(row, col).add(second.at(row, col), output.values().at(row, col));
            }
        };
    }

    /** The input plus each image's row of the class bias's V, then its ReLU if it has one. */
    static Step classBias(Source input, ClassRows rows, boolean relu, Storage output, boolean delayed, int width) {
        return new Pointwise(delayed, width) {
            @Override
            void run(int row, int col) {
                INDArray out = output.values().at(row, col);
                input.at(row, col).add(rows.rows(), out);
                if (relu) {
                    Nd4j.exec(new RectifiedLinear(out, out, 0.0));
                }
            }
        };
    }

    /**
     * tanh(a) * sigmoid(b) of the input's halves a, b. Both functions run over the whole input (the half
     * each wastes is cheaper than making views of the halves at every position).
     */
    static Step gate(Source input, Storage output, int batch, boolean delayed, int width) {
        int p = output.channels();
        INDArray tanh = Nd4j.create(DataType.FLOAT, batch, 2L * p);
        INDArray sigmoid = Nd4j.create(DataType.FLOAT, batch, 2L * p);
        INDArray tanhA = Nd4j.create(tanh.data(), new long[]{batch, p}, new long[]{2L * p, 1}, 0, 'c', DataType.FLOAT);
        INDArray sigmoidB = Nd4j.create(sigmoid.data(), new long[]{batch, p}, new long[]{2L * p, 1}, p, 'c',
                DataType.FLOAT);
        return new Pointwise(delayed, width) {
            @Override
            void run(int row, int col) {
                INDArray in = input.at(row, col);
                Nd4j.exec(new Tanh(in, tanh));
                Nd4j.exec(new Sigmoid(in, sigmoid));
                tanhA.mul(sigmoidB, output.values().at(row, col));
            }
        };
    }
}
