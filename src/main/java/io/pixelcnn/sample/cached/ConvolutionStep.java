package io.pixelcnn.sample.cached;

import io.pixelcnn.model.MaskedConvolution;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A masked convolution at one position: the kernel's patch of the input gathered into
 * {@code [batch, rows*kw*in + 1]} (kernel rows at and above the centre only: the causal masks zero every row
 * below) and one matrix product with the masked weights, the bias folded in as a last row against a column
 * of ones. The Gated PixelCNN's vertical stack ({@link #delayed}) reads its own row to the right, so it runs
 * once a row is finished, for the whole row.
 */
final class ConvolutionStep implements Step {

    private final Source input;
    private final Storage output;
    private final int up;
    private final int half;
    private final int kernelWidth;
    private final int width;
    private final boolean relu;
    private final boolean delayed;
    private final INDArray weights;
    private final INDArray patch;
    private final INDArray[] segments;

    ConvolutionStep(Source input, Storage output, MaskedConvolution conf, INDArray weights, int batch, int width,
                    boolean delayed) {
        this.input = input;
        this.output = output;
        int[] kernel = conf.getKernelSize();
        this.up = kernel[0] / 2;
        this.half = kernel[1] / 2;
        this.kernelWidth = kernel[1];
        this.width = width;
        this.delayed = delayed;
        this.relu = conf.getActivationFn() instanceof ActivationReLU;
        this.weights = weights;
        int in = input.channels();
        int patchWidth = (int) weights.size(0);
        this.patch = Nd4j.zeros(DataType.FLOAT, batch, patchWidth);
        patch.getColumn(patchWidth - 1).assign(1);
        this.segments = new INDArray[up + 1];
        for (int row = 0; row <= up; row++) {
            segments[row] = Nd4j.create(patch.data(), new long[]{batch, kernelWidth, in},
                    new long[]{patchWidth, in, 1}, (long) row * kernelWidth * in, 'c', DataType.FLOAT);
        }
    }

    /** Registers what this convolution reads of its input. */
    static void plan(Source input, MaskedConvolution conf, boolean delayed) {
        int[] kernel = conf.getKernelSize();
        input.readBy(kernel[0] / 2, kernel[1] / 2, kernel[1] / 2, delayed);
    }

    /** Whether a layer can run here: stride 1, "same" padding (always, by construction), ReLU or identity. */
    static boolean supports(MaskedConvolution conf) {
        return conf.getActivationFn() instanceof ActivationReLU || conf.getActivationFn() instanceof ActivationIdentity;
    }

    /**
     * The masked weights {@code [out, in, kh, kw]} and bias as the matrix {@code [rows*kw*in + 1, out]}, rows of
     * the kernel from the top to the centre, the bias last.
     */
    static INDArray weights(MaskedConvolution conf, INDArray kernelWeights, INDArray bias) {
        int out = (int) conf.getNOut();
        int in = (int) conf.getNIn();
        int kh = conf.getKernelSize()[0];
        int kw = conf.getKernelSize()[1];
        int rows = kh / 2 + 1;
        float[] w = kernelWeights.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] mask = conf.mask();
        float[] b = bias.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int patchWidth = rows * kw * in + 1;
        float[] matrix = new float[patchWidth * out];
        for (int o = 0; o < out; o++) {
            for (int ci = 0; ci < in; ci++) {
                for (int r = 0; r < kh; r++) {
                    for (int c = 0; c < kw; c++) {
                        int at = ((o * in + ci) * kh + r) * kw + c;
                        float masked = w[at] * mask[at];
                        if (r >= rows) {
                            if (masked != 0) {
                                throw new IllegalArgumentException("a causal kernel reads below its centre row");
                            }
                            continue;
                        }
                        matrix[((r * kw + c) * in + ci) * out + o] = masked;
                    }
                }
            }
            matrix[(patchWidth - 1) * out + o] = b[o];
        }
        return Nd4j.create(matrix, new long[]{patchWidth, out}, 'c');
    }

    static INDArray kernelWeights(org.deeplearning4j.nn.api.Layer layer) {
        return layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
    }

    static INDArray bias(org.deeplearning4j.nn.api.Layer layer) {
        return layer.getParam(ConvolutionParamInitializer.BIAS_KEY);
    }

    @Override
    public void compute(int row, int col) {
        if (!delayed) {
            run(row, col);
        }
    }

    @Override
    public void finishRow(int row) {
        if (delayed) {
            for (int col = 0; col < width; col++) {
                run(row, col);
            }
        }
    }

    private void run(int row, int col) {
        for (int r = 0; r <= up; r++) {
            segments[r].assign(input.span(row - up + r, col - half, kernelWidth));
        }
        INDArray out = output.values().at(row, col);
        Nd4j.gemm(patch, weights, out, false, false, 1.0, 0.0);
        if (relu) {
            Nd4j.exec(new RectifiedLinear(out, out, 0.0));
        }
    }
}
