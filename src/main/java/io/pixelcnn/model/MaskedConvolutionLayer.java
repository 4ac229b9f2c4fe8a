package io.pixelcnn.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of {@link MaskedConvolution}: an NHWC convolution computed by libnd4j's native
 * {@code conv2d} / {@code conv2d_bp} ops, which use oneDNN where the ND4J build has it.
 *
 * <p>Why not DL4J's own convolution layer: in DL4J 1.0.0-M2.1 it never finds its oneDNN helper (it looks
 * for a class that ND4J renamed), falls back to a Java im2col path that was ~40x slower here, permutes
 * NHWC input to NCHW with a copy, and recomputes the forward pass during backprop.
 *
 * <p>Masked weights start at zero, their gradients are zeroed, and the mask is applied again before
 * every forward pass, so causality holds whatever parameters were loaded or averaged in.
 */
public class MaskedConvolutionLayer extends ParametrisedLayer<MaskedConvolution> {

    private static final String WEIGHTS = ConvolutionParamInitializer.WEIGHT_KEY;
    private static final String BIAS = ConvolutionParamInitializer.BIAS_KEY;

    private transient INDArray mask;
    private transient INDArray ones;
    /** This layer's output from the last training forward pass; ReLU's derivative reads the same from it as from its input. */
    private transient INDArray trainingOutput;

    public MaskedConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray weights = getParam(WEIGHTS);
        applyCausalMask(weights);
        INDArray in = input.castTo(dataType);
        long[] outShape = {in.size(0), in.size(1), in.size(2), layerConf().getNOut()};
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outShape, 'c');
        Nd4j.exec(op("conv2d").addInputs(in, weights, getParam(BIAS)).addOutputs(out).build());
        if (isRelu()) {
            Nd4j.exec(new RectifiedLinear(out, out, 0.0));
        }
        trainingOutput = training ? out : null;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (trainingOutput == null) {
            throw new IllegalStateException("backprop without a training forward pass " + layerId());
        }
        INDArray in = input.castTo(dataType);
        INDArray delta = epsilon;
        if (isRelu()) {
            // not in place: a residual connection hands the same epsilon to two layers
            delta = ReluGradient.into(workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                    epsilon.shape(), 'c'), trainingOutput, epsilon);
        }
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
        INDArray weightGradient = gradientViews.get(WEIGHTS);
        INDArray biasGradient = gradientViews.get(BIAS);
        // without the bias: libnd4j 1.0.0-M2.1 sums the NHWC bias gradient over the wrong axes
        Nd4j.exec(op("conv2d_bp").addInputs(in, getParam(WEIGHTS), delta)
                .addOutputs(inputGradient, weightGradient).build());
        sumOverPositions(delta, biasGradient);
        applyCausalMask(weightGradient);
        trainingOutput = null;

        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(WEIGHTS, weightGradient);
        gradient.setGradientFor(BIAS, biasGradient);
        return new Pair<>(gradient, inputGradient);
    }

    /**
     * Bias gradient: delta summed over every image and position, as one matrix product with a vector of
     * ones. libnd4j's column sum over {@code [positions, channels]} was 14% of a training step.
     */
    private void sumOverPositions(INDArray delta, INDArray biasGradient) {
        long positions = delta.length() / delta.size(3);
        if (ones == null || ones.length() != positions || ones.dataType() != delta.dataType()) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(delta.dataType(), 1, positions);
            }
        }
        INDArray delta2d = delta.reshape('c', positions, delta.size(3));
        Nd4j.gemm(ones, delta2d, biasGradient.reshape('c', 1, delta.size(3)), false, false, 1.0, 0.0);
    }

    private DynamicCustomOp.DynamicCustomOpsBuilder op(String name) {
        MaskedConvolution conf = layerConf();
        int[] kernel = conf.getKernelSize();
        // kH, kW, sH, sW, pH, pW, dH, dW, same-mode, NHWC, weights as [out, in, kH, kW]
        return DynamicCustomOp.builder(name)
                .addIntegerArguments(kernel[0], kernel[1], 1, 1, 0, 0, 1, 1, 1, 1, 1);
    }

    private boolean isRelu() {
        return layerConf().getActivationFn() instanceof ActivationReLU;
    }

    void applyCausalMask(INDArray weightsOrGradient) {
        if (!layerConf().isMasking()) {
            return;
        }
        weightsOrGradient.muli(mask(weightsOrGradient.dataType()));
    }

    private INDArray mask(DataType type) {
        if (mask == null || mask.dataType() != type) {
            MaskedConvolution conf = layerConf();
            long[] shape = {conf.getNOut(), conf.getNIn(), conf.getKernelSize()[0], conf.getKernelSize()[1]};
            // outside any workspace: the mask lives as long as the layer
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                mask = Nd4j.create(conf.mask(), shape, 'c').castTo(type);
            }
        }
        return mask;
    }
}
