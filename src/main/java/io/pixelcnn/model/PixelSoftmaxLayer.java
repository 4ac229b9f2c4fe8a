package io.pixelcnn.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of {@link PixelSoftmax}: softmax over each sub-pixel's 256 logits, and the exact
 * negative log-likelihood of the labels (the image) in nats.
 *
 * <p>Logits arrive channels-last, {@code [N, H, W, C*256]}, so they are viewed as {@code [N*H*W*C, 256]}
 * rows, one per sub-pixel, each contiguous. One native softmax does the heavy work; the per-row steps
 * (read the label's probability, subtract one-hot) touch a single entry per row and run in Java, since
 * libnd4j's gather/scatter ops cost more than the softmax itself here. Log-probabilities are taken in
 * double precision: zero logits give exactly log(256) nats per sub-pixel.
 */
public class PixelSoftmaxLayer extends PixelOutputLayer<PixelSoftmax> {

    private static final int LEVELS = PixelSoftmax.LEVELS;
    /** Below this a float probability has lost its precision; such rows are redone from the logits in double. */
    private static final double SMALLEST_EXACT = 1e-30;

    public PixelSoftmaxLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Probabilities in the model's public layout, {@code [N, C*256, H, W]}. */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray probabilities = softmax(ArrayType.FF_WORKING_MEM, workspaceMgr);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, probabilities.permute(0, 3, 1, 2), 'c');
    }

    /** Gradient of the summed NLL with respect to the logits: softmax minus one-hot. */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray delta = softmax(ArrayType.ACTIVATION_GRAD, workspaceMgr);
        DataBuffer gradient = delta.data();
        int[] targets = targets();
        double nll = 0;
        for (int row = 0; row < targets.length; row++) {
            long at = (long) row * LEVELS + targets[row];
            double probability = gradient.getDouble(at);
            nll += nll(probability, row, targets[row]);
            gradient.put(at, probability - 1);
        }
        backpropComputed(nll);
        return new Pair<>(new DefaultGradient(), delta);
    }

    @Override
    protected double[] nllPerExample(LayerWorkspaceMgr workspaceMgr) {
        DataBuffer probabilities = softmax(ArrayType.FF_WORKING_MEM, workspaceMgr).data();
        int[] targets = targets();
        int examples = (int) input.size(0);
        int rowsPerExample = targets.length / examples;
        double[] nll = new double[examples];
        for (int row = 0; row < targets.length; row++) {
            double probability = probabilities.getDouble((long) row * LEVELS + targets[row]);
            nll[row / rowsPerExample] += nll(probability, row, targets[row]);
        }
        return nll;
    }

    /** -log p in double; a probability too small for float is recomputed from the row's logits. */
    private double nll(double probability, int row, int target) {
        if (probability >= SMALLEST_EXACT) {
            return -Math.log(probability);
        }
        INDArray logits = rows(input).getRow(row);
        double max = logits.maxNumber().doubleValue();
        double sum = 0;
        for (int level = 0; level < LEVELS; level++) {
            sum += Math.exp(logits.getDouble(level) - max);
        }
        return max + Math.log(sum) - logits.getDouble(target);
    }

    private INDArray softmax(ArrayType arrayType, LayerWorkspaceMgr workspaceMgr) {
        INDArray logits = input;
        if (logits.dataType() != dataType || logits.ordering() != 'c' || !Shape.hasDefaultStridesForShape(logits)) {
            logits = workspaceMgr.dup(ArrayType.FF_WORKING_MEM, logits.castTo(dataType), 'c');
        }
        INDArray probabilities = workspaceMgr.createUninitialized(arrayType, dataType, logits.shape(), 'c');
        Nd4j.exec(new SoftMax(rows(logits), rows(probabilities), 1));
        return probabilities;
    }

    /** {@code [N, H, W, C*256]} seen as one row of 256 per sub-pixel. */
    private static INDArray rows(INDArray nhwc) {
        return nhwc.reshape('c', nhwc.length() / LEVELS, LEVELS);
    }
}
