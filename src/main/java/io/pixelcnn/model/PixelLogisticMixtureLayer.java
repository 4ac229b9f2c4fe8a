package io.pixelcnn.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of {@link PixelLogisticMixture}: the 256-way distributions of every sub-pixel, and the
 * exact negative log-likelihood of the labels (the image) in nats with its gradient, both from
 * {@link LogisticMixture}.
 *
 * <p>Parameters arrive channels-last, {@code [N, H, W, C*3K]}, so they are one contiguous row of 3K per
 * sub-pixel in the order (n, y, x, channel), the order of {@link #targets()}. A row costs a few dozen
 * transcendental functions, so the work is plain Java in double precision over a copy of the input: no
 * native op would save anything, and double keeps the log-probabilities exact.
 */
public class PixelLogisticMixtureLayer extends PixelOutputLayer<PixelLogisticMixture> {

    private static final int LEVELS = PixelLikelihood.LEVELS;

    public PixelLogisticMixtureLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private LogisticMixture mixture() {
        return layerConf().likelihood();
    }

    /** Probabilities in the model's public layout, {@code [N, C*256, H, W]}. */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        LogisticMixture mixture = mixture();
        double[] parameters = parameters();
        int rows = parameters.length / mixture.parameters();
        double[] probabilities = new double[rows * LEVELS];
        for (int row = 0; row < rows; row++) {
            mixture.distribution(parameters, row * mixture.parameters(), probabilities, row * LEVELS);
        }
        long[] shape = input.shape();
        INDArray nhwc = Nd4j.createFromArray(probabilities).castTo(dataType)
                .reshape('c', shape[0], shape[1], shape[2], shape[3] / mixture.parameters() * LEVELS);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, nhwc.permute(0, 3, 1, 2), 'c');
    }

    /** Gradient of the summed NLL with respect to the parameters, sub-pixel by sub-pixel. */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        LogisticMixture mixture = mixture();
        double[] parameters = parameters();
        double[] gradient = new double[parameters.length];
        int[] targets = targets();
        double nll = 0;
        for (int row = 0; row < targets.length; row++) {
            int at = row * mixture.parameters();
            nll += mixture.negativeLogProbability(parameters, at, targets[row], gradient, at);
        }
        backpropComputed(nll);
        INDArray delta = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        delta.assign(Nd4j.createFromArray(gradient).reshape('c', input.shape()));
        return new Pair<>(new DefaultGradient(), delta);
    }

    @Override
    protected double[] nllPerExample(LayerWorkspaceMgr workspaceMgr) {
        LogisticMixture mixture = mixture();
        double[] parameters = parameters();
        int[] targets = targets();
        int examples = (int) input.size(0);
        int rowsPerExample = targets.length / examples;
        double[] nll = new double[examples];
        for (int row = 0; row < targets.length; row++) {
            nll[row / rowsPerExample] += mixture.negativeLogProbability(parameters, row * mixture.parameters(),
                    targets[row], null, 0);
        }
        return nll;
    }

    /** The input in row order, {@code [N, H, W, C*3K]} flattened, in double. */
    private double[] parameters() {
        return input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }
}
