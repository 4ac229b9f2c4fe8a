package io.pixelcnn.model;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
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
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
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
public class PixelSoftmaxLayer extends ParameterFreeLayer<PixelSoftmax> implements IOutputLayer {

    private static final int LEVELS = PixelSoftmax.LEVELS;
    /** Below this a float probability has lost its precision; such rows are redone from the logits in double. */
    private static final double SMALLEST_EXACT = 1e-30;

    private INDArray labels;
    private double score;
    /** Sum of the NLL computed during the last backprop, and the input it belongs to (DL4J asks for both). */
    private double backpropNll;
    private INDArray backpropInput;

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
        backpropNll = nll;
        backpropInput = input;
        return new Pair<>(new DefaultGradient(), delta);
    }

    /** Mean NLL per image in nats (DL4J's convention: sum over the minibatch, divided by its size). */
    @Override
    public double computeScore(double fullNetRegScore, boolean training, LayerWorkspaceMgr workspaceMgr) {
        double total = input == backpropInput ? backpropNll : sum(nllPerExample(workspaceMgr));
        score = total / input.size(0) + fullNetRegScore;
        return score;
    }

    /** NLL of each image in nats, column vector {@code [N, 1]}, in double precision. */
    @Override
    public INDArray computeScoreForExamples(double fullNetRegScore, LayerWorkspaceMgr workspaceMgr) {
        double[] perExample = nllPerExample(workspaceMgr);
        INDArray result = workspaceMgr.create(ArrayType.ACTIVATIONS, DataType.DOUBLE, perExample.length, 1);
        for (int n = 0; n < perExample.length; n++) {
            result.putScalar(n, 0, perExample[n] + fullNetRegScore);
        }
        return result;
    }

    private double[] nllPerExample(LayerWorkspaceMgr workspaceMgr) {
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

    /** The label of every sub-pixel in row order (n, y, x, channel), from the NCHW image. */
    private int[] targets() {
        if (labels == null) {
            throw new IllegalStateException("PixelSoftmax needs the image as labels to score it");
        }
        return labels.permute(0, 2, 3, 1).castTo(DataType.INT32).dup('c').data().asInt();
    }

    /** {@code [N, H, W, C*256]} seen as one row of 256 per sub-pixel. */
    private static INDArray rows(INDArray nhwc) {
        return nhwc.reshape('c', nhwc.length() / LEVELS, LEVELS);
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    @Override
    public double score() {
        return score;
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    // Classifier methods: a per-pixel density model has no class predictions.

    @Override
    public double f1Score(DataSet data) {
        throw unsupported();
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        throw unsupported();
    }

    @Override
    public int numLabels() {
        return PixelSoftmax.LEVELS;
    }

    @Override
    public void fit(DataSetIterator iter) {
        throw unsupported();
    }

    @Override
    public int[] predict(INDArray examples) {
        throw unsupported();
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        throw unsupported();
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw unsupported();
    }

    @Override
    public void fit(DataSet data) {
        throw unsupported();
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("PixelSoftmax scores images; it does not classify them");
    }
}
