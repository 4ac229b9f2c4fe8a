package io.pixelcnn.model;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of a {@link ClassBias}: {@code out[n, y, x, :] = h[n, y, x, :] + V[class of n, :]} over an
 * NHWC feature map h, the class given as a one-hot row per image ({@link #setClasses}, before each pass).
 * With a one-hot Y {@code [N, classes]}, the rows added are Y.V, and backward gives
 * {@code dV = Y^T . (delta summed over H and W)}, delta passing through to h: epsilon, or with a ReLU
 * after the bias, epsilon where the output is positive.
 */
public class ClassBiasLayer extends ParametrisedLayer<ClassBiasConfiguration> {

    private static final String ROWS = ClassBiasParameters.KEY;
    private static final int[] IMAGE_AND_CHANNEL = {0, 3};

    private transient INDArray classes;
    /** The output of the last training forward pass: the ReLU's gradient reads where it is positive. */
    private transient INDArray trainingOutput;

    public ClassBiasLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The one-hot classes {@code [N, classes]} of the images the next pass reads. */
    public void setClasses(INDArray oneHot) {
        this.classes = oneHot;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray features = input.castTo(dataType);
        INDArray oneHot = checkedClasses(features);
        INDArray rows = oneHot.mmul(getParam(ROWS));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, features.shape(), 'c');
        Nd4j.exec(new BroadcastAddOp(features, rows, out, IMAGE_AND_CHANNEL));
        if (layerConf().isRelu()) {
            Nd4j.exec(new RectifiedLinear(out, out, 0.0));
        }
        trainingOutput = training ? out : null;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray oneHot = checkedClasses(input);
        INDArray delta;
        if (layerConf().isRelu()) {
            if (trainingOutput == null) {
                throw new IllegalStateException("backprop without a training forward pass " + layerId());
            }
            delta = ReluGradient.into(workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                    epsilon.shape(), 'c'), trainingOutput, epsilon);
        } else {
            // a copy: the graph may add another branch's epsilon into the one it hands back
            delta = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.castTo(dataType));
        }
        trainingOutput = null;
        INDArray perImage = delta.sum(1, 2);
        INDArray rowsGradient = gradientViews.get(ROWS);
        // summed over the minibatch, not averaged: the updater divides, as for every other layer
        Nd4j.gemm(oneHot, perImage, rowsGradient, true, false, 1.0, 0.0);
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(ROWS, rowsGradient);
        return new Pair<>(gradient, delta);
    }

    private INDArray checkedClasses(INDArray features) {
        ClassBiasConfiguration conf = layerConf();
        if (classes == null) {
            throw new IllegalStateException("class bias " + layerId() + ": no classes set for this pass");
        }
        if (classes.rank() != 2 || classes.size(1) != conf.classes() || classes.size(0) != features.size(0)) {
            throw new IllegalArgumentException("class bias " + layerId() + ": the class input must be one-hot ["
                    + features.size(0) + ", " + conf.classes() + "], got " + Arrays.toString(classes.shape()));
        }
        if (features.rank() != 4 || features.size(3) != conf.channels()) {
            throw new IllegalArgumentException("class bias " + layerId() + ": expects an NHWC map of " + conf.channels()
                    + " channels, got " + Arrays.toString(features.shape()));
        }
        return classes.castTo(dataType);
    }

    @Override
    public void clear() {
        super.clear();
        classes = null;
        trainingOutput = null;
    }
}
