package io.pixelcnn.model;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What every likelihood's running output layer shares: the image as labels, the score DL4J asks for (the
 * NLL summed over the sub-pixels of each image, in nats, reused from the backward pass that computed it),
 * and no classifier methods. A subclass computes the distributions and the NLL with its gradient.
 */
public abstract class PixelOutputLayer<C extends PixelOutput> extends ParameterFreeLayer<C> implements IOutputLayer {

    private INDArray labels;
    private double score;
    /** Sum of the NLL computed during the last backprop, and the input it belongs to (DL4J asks for both). */
    private double backpropNll;
    private INDArray backpropInput;

    protected PixelOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The NLL of each image of the current input and labels, in nats. */
    protected abstract double[] nllPerExample(LayerWorkspaceMgr workspaceMgr);

    /** The backward pass computed the summed NLL of the current input: {@link #computeScore} reuses it. */
    protected void backpropComputed(double nll) {
        backpropNll = nll;
        backpropInput = input;
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

    /** The label of every sub-pixel in row order (n, y, x, channel), from the NCHW image. */
    protected int[] targets() {
        if (labels == null) {
            throw new IllegalStateException(layerConf().getClass().getSimpleName() + " needs the image as labels to score it");
        }
        return labels.permute(0, 2, 3, 1).castTo(DataType.INT32).dup('c').data().asInt();
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
        return PixelLikelihood.LEVELS;
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

    private UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException(layerConf().getClass().getSimpleName()
                + " scores images; it does not classify them");
    }
}
