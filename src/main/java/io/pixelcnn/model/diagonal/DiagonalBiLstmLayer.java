package io.pixelcnn.model.diagonal;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import io.pixelcnn.model.ArrayViews;
import io.pixelcnn.model.ImageLstmLayer;
import io.pixelcnn.model.LstmRecurrence;
import io.pixelcnn.model.Scratch;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The running form of {@link DiagonalBiLstm}. Each direction skews its half of the input-to-state
 * pre-activations (the right-to-left one mirrored, so that it too runs from its starting edge), runs the
 * recurrence one diagonal per step for the whole minibatch, and unskews the hidden states; the
 * right-to-left states are shifted down one row before they are added, so that no position sees a state
 * that has read its own row to the right of it.
 */
public class DiagonalBiLstmLayer extends ImageLstmLayer<DiagonalBiLstm> {

    private static final int LEFT_TO_RIGHT = 0;
    private static final int RIGHT_TO_LEFT = 1;

    private transient LstmRecurrence.Trace[] traces;

    public DiagonalBiLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray forward(INDArray input, INDArray weights, boolean training, LayerWorkspaceMgr workspaces) {
        long n = input.size(0);
        long height = input.size(1);
        long width = input.size(2);
        int hidden = layerConf().hidden();
        long gates = (long) LstmRecurrence.GATES * hidden;
        Scratch scratch = traceScratch(workspaces);
        LstmRecurrence.Trace[] run = new LstmRecurrence.Trace[DiagonalBiLstm.DIRECTIONS];
        for (int d = 0; d < run.length; d++) {
            INDArray skewed = scratch.zeros(Skew.steps(height, width), gates, n, height);
            Skew.skew(channels(input, d * gates, gates), skewed, d == RIGHT_TO_LEFT);
            run[d] = recurrence().forward(skewed, direction(weights, d), scratch);
        }
        INDArray output = result(workspaces, ArrayType.ACTIVATIONS, n, height, width, hidden);
        Skew.unskew(run[LEFT_TO_RIGHT].hidden(), output, false);
        INDArray fromRight = scratch.uninitialized(n, height, width, hidden);
        Skew.unskew(run[RIGHT_TO_LEFT].hidden(), fromRight, true);
        if (height > 1) {
            rows(output, 1, height).addi(rows(fromRight, 0, height - 1));
        }
        traces = training ? run : null;
        return output;
    }

    @Override
    protected INDArray backward(INDArray epsilon, INDArray weights, INDArray weightGradient,
                                LayerWorkspaceMgr workspaces) {
        if (traces == null) {
            throw noTrainingPass();
        }
        long n = epsilon.size(0);
        long height = epsilon.size(1);
        long width = epsilon.size(2);
        long hidden = epsilon.size(3);
        long gates = LstmRecurrence.GATES * hidden;
        long steps = Skew.steps(height, width);
        Scratch scratch = backwardScratch(workspaces);
        INDArray inputGradient = result(workspaces, ArrayType.ACTIVATION_GRAD, n, height, width,
                DiagonalBiLstm.DIRECTIONS * gates);

        INDArray hiddenGradient = scratch.zeros(steps, hidden, n, height);
        Skew.skew(epsilon, hiddenGradient, false);
        INDArray gateGradient = recurrence().backward(traces[LEFT_TO_RIGHT], hiddenGradient,
                direction(weights, LEFT_TO_RIGHT), direction(weightGradient, LEFT_TO_RIGHT), scratch);
        Skew.unskew(gateGradient, channels(inputGradient, 0, gates), false);

        // the right-to-left output was shifted down a row: its gradient moves up one
        INDArray shiftedUp = scratch.zeros(n, height, width, hidden);
        if (height > 1) {
            rows(shiftedUp, 0, height - 1).assign(rows(epsilon, 1, height));
        }
        hiddenGradient = scratch.zeros(steps, hidden, n, height);
        Skew.skew(shiftedUp, hiddenGradient, true);
        gateGradient = recurrence().backward(traces[RIGHT_TO_LEFT], hiddenGradient, direction(weights, RIGHT_TO_LEFT),
                direction(weightGradient, RIGHT_TO_LEFT), scratch);
        Skew.unskew(gateGradient, channels(inputGradient, gates, gates), true);
        traces = null;
        return inputGradient;
    }

    private LstmRecurrence recurrence() {
        return new LstmRecurrence(layerConf().hidden(), DiagonalBiLstm.OFFSETS);
    }

    /** One direction's {@code [4h, 2h]} block of the weights (or their gradient), {@code [2, 4h, 2h]}. */
    private static INDArray direction(INDArray weights, int d) {
        long rows = weights.size(1);
        long columns = weights.size(2);
        return ArrayViews.block(weights, d * rows * columns, rows, columns);
    }

    private static INDArray channels(INDArray map, long from, long count) {
        return map.get(all(), all(), all(), interval(from, from + count));
    }

    private static INDArray rows(INDArray map, long from, long to) {
        return map.get(all(), interval(from, to), all(), all());
    }
}
