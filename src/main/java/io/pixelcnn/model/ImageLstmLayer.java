package io.pixelcnn.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The running form shared by the LSTM layers over an image: input and output channels-last, the forward
 * pass's trace kept (in DL4J's activations workspace, which lives until backprop has run) for the
 * hand-written backward pass.
 */
public abstract class ImageLstmLayer<C extends ImageLstm> extends ParametrisedLayer<C> {

    protected ImageLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Hidden states {@code [N, H, W, hidden]} from input-to-state pre-activations {@code [N, H, W, nIn]}. */
    protected abstract INDArray forward(INDArray input, INDArray weights, boolean training, LayerWorkspaceMgr workspaces);

    /**
     * The gradient of the input from that of the output, both channels-last, after a training forward pass;
     * the weights' gradient goes into {@code weightGradient}.
     */
    protected abstract INDArray backward(INDArray epsilon, INDArray weights, INDArray weightGradient,
                                         LayerWorkspaceMgr workspaces);

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return forward(rowMajor(input), getParam(StateWeights.KEY), training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray weightGradient = gradientViews.get(StateWeights.KEY);
        INDArray inputGradient = backward(rowMajor(epsilon), getParam(StateWeights.KEY), weightGradient, workspaceMgr);
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(StateWeights.KEY, weightGradient);
        return new Pair<>(gradient, inputGradient);
    }

    /** Arrays the forward pass keeps for the backward pass (or, at inference, uses and drops). */
    protected Scratch traceScratch(LayerWorkspaceMgr workspaces) {
        return new Scratch(workspaces, ArrayType.ACTIVATIONS, dataType);
    }

    protected Scratch backwardScratch(LayerWorkspaceMgr workspaces) {
        return new Scratch(workspaces, ArrayType.BP_WORKING_MEM, dataType);
    }

    /** A channels-last result array of this layer: output ({@code ACTIVATIONS}) or input gradient. */
    protected INDArray result(LayerWorkspaceMgr workspaces, ArrayType type, long... shape) {
        return workspaces.createUninitialized(type, dataType, shape, 'c');
    }

    protected IllegalStateException noTrainingPass() {
        return new IllegalStateException("backprop without a training forward pass " + layerId());
    }

    private INDArray rowMajor(INDArray array) {
        INDArray typed = array.castTo(dataType);
        return typed.ordering() == 'c' && Shape.hasDefaultStridesForShape(typed) ? typed : typed.dup('c');
    }
}
