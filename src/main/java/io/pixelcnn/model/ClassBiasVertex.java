package io.pixelcnn.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The running form of a {@link ClassBias} in the graph: hands its two inputs (feature map, one-hot class) to
 * its {@link ClassBiasLayer}, and answers for it as a layer ({@link #hasLayer()}), so the network lists V among
 * its layers' parameters: updater, learning-rate schedule, parameter table and saved model alike.
 */
public class ClassBiasVertex extends BaseGraphVertex {

    static final int FEATURES = 0;
    static final int CLASSES = 1;

    private final ClassBiasLayer layer;

    public ClassBiasVertex(ComputationGraph graph, String name, int index, ClassBiasLayer layer, DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.layer = layer;
    }

    @Override
    public boolean hasLayer() {
        return true;
    }

    @Override
    public Layer getLayer() {
        return layer;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("class bias '" + vertexName + "': forward pass without both inputs");
        }
        layer.setInput(inputs[FEATURES], workspaceMgr);
        layer.setClasses(inputs[CLASSES]);
        return layer.activate(training, workspaceMgr);
    }

    /** The class input is data, not a computed activation: its gradient is zero. */
    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("class bias '" + vertexName + "': backward pass without inputs or epsilon");
        }
        Pair<Gradient, INDArray> result = layer.backpropGradient(epsilon, workspaceMgr);
        INDArray classes = inputs[CLASSES];
        INDArray noGradient = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, classes.dataType(), classes.shape(), 'c');
        return new Pair<>(result.getFirst(), new INDArray[]{result.getSecond(), noGradient});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        layer.setBackpropGradientsViewArray(backpropGradientsViewArray);
    }

    /** A per-image bias changes no position's mask. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        return new Pair<>(maskArrays == null || maskArrays.length == 0 ? null : maskArrays[FEATURES], currentMaskState);
    }

    @Override
    public void clearVertex() {
        super.clearVertex();
        layer.clear();
    }

    @Override
    public Map<String, INDArray> paramTable(boolean backpropOnly) {
        return layer.paramTable(backpropOnly);
    }

    @Override
    public long numParams() {
        return layer.numParams();
    }

    @Override
    public TrainingConfig getConfig() {
        return layer.getConfig();
    }

    @Override
    public INDArray params() {
        return layer.params();
    }

    @Override
    public INDArray getGradientsViewArray() {
        return layer.getGradientsViewArray();
    }

    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return layer.updaterDivideByMinibatch(paramName);
    }

    @Override
    public String toString() {
        return "ClassBiasVertex(" + vertexName + ")";
    }
}
