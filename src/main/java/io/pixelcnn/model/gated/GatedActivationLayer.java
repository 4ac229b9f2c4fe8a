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
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The running form of {@link GatedActivation}. Input seen as {@code [positions, 2p]}: one native tanh over
 * the first half, one sigmoid over the second, one product. The backward pass recomputes both from the
 * input rather than keeping them: they cost less than the memory they would hold.
 */
public class GatedActivationLayer extends ParameterFreeLayer<GatedActivation> {

    public GatedActivationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray in = input.castTo(dataType);
        long half = in.size(3) / 2;
        Halves h = halves(in, workspaceMgr, ArrayType.FF_WORKING_MEM);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{in.size(0), in.size(1), in.size(2), half}, 'c');
        h.tanh.muli(h.sigmoid, out.reshape('c', h.tanh.shape()));
        return out;
    }

    /** d/da = eps . sigmoid(b) . (1 - tanh(a)^2),  d/db = eps . tanh(a) . sigmoid(b) . (1 - sigmoid(b)). */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray in = input.castTo(dataType);
        Halves h = halves(in, workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray eps = epsilon.castTo(dataType).dup('c').reshape('c', h.tanh.shape());
        INDArray work = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, h.tanh.shape(), 'c');
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
        INDArray rows = gradient.reshape('c', h.tanh.size(0), 2 * h.tanh.size(1));
        h.tanh.muli(h.tanh, work).rsubi(1.0).muli(h.sigmoid).muli(eps);
        half(rows, 0).assign(work);
        h.sigmoid.rsubi(1.0, work).muli(h.sigmoid).muli(h.tanh).muli(eps);
        half(rows, 1).assign(work);
        return new Pair<>(new DefaultGradient(), gradient);
    }

    private record Halves(INDArray tanh, INDArray sigmoid) {
    }

    private Halves halves(INDArray in, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        long half = in.size(3) / 2;
        long positions = in.length() / in.size(3);
        INDArray rows = (in.ordering() == 'c' ? in : in.dup('c')).reshape('c', positions, 2 * half);
        INDArray tanh = workspaceMgr.createUninitialized(type, dataType, new long[]{positions, half}, 'c');
        INDArray sigmoid = workspaceMgr.createUninitialized(type, dataType, new long[]{positions, half}, 'c');
        Nd4j.exec(new Tanh(half(rows, 0), tanh));
        Nd4j.exec(new Sigmoid(half(rows, 1), sigmoid));
        return new Halves(tanh, sigmoid);
    }

    /** The first (0) or second (1) half of every row. */
    private static INDArray half(INDArray rows, int which) {
        long half = rows.size(1) / 2;
        return rows.get(NDArrayIndex.all(), NDArrayIndex.interval(which * half, (which + 1) * half));
    }
}
