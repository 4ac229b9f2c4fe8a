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
 * The running form of {@link GatedActivation}. The input, {@code [positions, 2, p]} in memory, is first
 * copied into {@code [2, positions, p]}: then each half is one contiguous block and tanh, sigmoid and their
 * product are one contiguous native op each (on the halves as strided views they took 70% longer). A
 * training pass keeps tanh(a) and sigmoid(b) for the backward pass.
 */
public class GatedActivationLayer extends ParameterFreeLayer<GatedActivation> {

    /** tanh(a) and sigmoid(b) of the last training pass, {@code [2, positions, p]}. */
    private transient INDArray trainingGates;

    public GatedActivationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray gates = gates(workspaceMgr, training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[]{input.size(0), input.size(1), input.size(2), input.size(3) / 2}, 'c');
        half(gates, 0).muli(half(gates, 1), out.reshape('c', half(gates, 0).shape()));
        trainingGates = training ? gates : null;
        return out;
    }

    /** d/da = eps . sigmoid(b) . (1 - tanh(a)^2),  d/db = eps . tanh(a) . sigmoid(b) . (1 - sigmoid(b)). */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray gates = trainingGates != null ? trainingGates : gates(workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray tanh = half(gates, 0);
        INDArray sigmoid = half(gates, 1);
        INDArray eps = epsilon.castTo(dataType).dup('c').reshape('c', tanh.shape());
        INDArray split = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, gates.shape(), 'c');
        tanh.muli(tanh, half(split, 0)).rsubi(1.0).muli(sigmoid).muli(eps);
        sigmoid.rsubi(1.0, half(split, 1)).muli(sigmoid).muli(tanh).muli(eps);
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        gradient.reshape('c', tanh.size(0), 2, tanh.size(1)).assign(split.permute(1, 0, 2));
        trainingGates = null;
        return new Pair<>(new DefaultGradient(), gradient);
    }

    /** tanh of the first half of the input's channels and sigmoid of the second, as {@code [2, positions, p]}. */
    private INDArray gates(LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        INDArray in = input.castTo(dataType);
        long half = in.size(3) / 2;
        long positions = in.length() / in.size(3);
        INDArray gates = workspaceMgr.createUninitialized(type, dataType, new long[]{2, positions, half}, 'c');
        gates.assign((in.ordering() == 'c' ? in : in.dup('c')).reshape('c', positions, 2, half).permute(1, 0, 2));
        Nd4j.exec(new Tanh(half(gates, 0), half(gates, 0)));
        Nd4j.exec(new Sigmoid(half(gates, 1), half(gates, 1)));
        return gates;
    }

    /** The first (0) or second (1) block of a {@code [2, positions, p]} array. */
    private static INDArray half(INDArray split, int which) {
        return split.get(NDArrayIndex.point(which));
    }
}
