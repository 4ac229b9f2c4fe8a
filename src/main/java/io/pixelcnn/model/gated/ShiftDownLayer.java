package io.pixelcnn.model.gated;

import io.pixelcnn.model.ParameterFreeLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The running form of {@link ShiftDown}; its gradient moves the other way, up one row. */
public class ShiftDownLayer extends ParameterFreeLayer<ShiftDown> {

    public ShiftDownLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, dataType, input.shape(), 'c');
        long height = input.size(1);
        if (height > 1) {
            rows(out, 1, height).assign(rows(input, 0, height - 1));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray gradient = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, epsilon.shape(), 'c');
        long height = epsilon.size(1);
        if (height > 1) {
            rows(gradient, 0, height - 1).assign(rows(epsilon, 1, height));
        }
        return new Pair<>(new DefaultGradient(), gradient);
    }

    private static INDArray rows(INDArray map, long from, long to) {
        return map.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all());
    }
}
