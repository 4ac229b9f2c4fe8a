package io.pixelcnn.model.rowlstm;

import io.pixelcnn.model.ImageLstmLayer;
import io.pixelcnn.model.LstmRecurrence;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The running form of {@link RowLstm}: the recurrence runs over rows, each step one whole row of every
 * image of the minibatch. Input and output are channels-last {@code [N, H, W, C]}; the recurrence works on
 * {@code [H, C, N, W]}, so a row's gates are contiguous blocks (one copy in, one copy out).
 */
public class RowLstmLayer extends ImageLstmLayer<RowLstm> {

    private transient LstmRecurrence.Trace trace;

    public RowLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray forward(INDArray input, INDArray weights, boolean training, LayerWorkspaceMgr workspaces) {
        long n = input.size(0);
        long height = input.size(1);
        long width = input.size(2);
        int hidden = layerConf().hidden();
        INDArray gates = traceScratch(workspaces).uninitialized(height, input.size(3), n, width);
        gates.assign(input.permute(1, 3, 0, 2));
        LstmRecurrence.Trace run = recurrence().forward(gates, weights, traceScratch(workspaces));
        INDArray output = result(workspaces, ArrayType.ACTIVATIONS, n, height, width, hidden);
        output.assign(run.hidden().permute(2, 0, 3, 1));
        trace = training ? run : null;
        return output;
    }

    @Override
    protected INDArray backward(INDArray epsilon, INDArray weights, INDArray weightGradient,
                                LayerWorkspaceMgr workspaces) {
        if (trace == null) {
            throw noTrainingPass();
        }
        long n = epsilon.size(0);
        long height = epsilon.size(1);
        long width = epsilon.size(2);
        INDArray hiddenGradient = backwardScratch(workspaces).uninitialized(height, epsilon.size(3), n, width);
        hiddenGradient.assign(epsilon.permute(1, 3, 0, 2));
        INDArray gateGradient = recurrence().backward(trace, hiddenGradient, weights, weightGradient,
                backwardScratch(workspaces));
        INDArray inputGradient = result(workspaces, ArrayType.ACTIVATION_GRAD, n, height, width, gateGradient.size(1));
        inputGradient.assign(gateGradient.permute(2, 0, 3, 1));
        trace = null;
        return inputGradient;
    }

    private LstmRecurrence recurrence() {
        return new LstmRecurrence(layerConf().hidden(), layerConf().offsets());
    }
}
