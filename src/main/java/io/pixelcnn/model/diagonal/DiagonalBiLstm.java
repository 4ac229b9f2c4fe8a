package io.pixelcnn.model.diagonal;

import io.pixelcnn.model.ImageLstm;
import io.pixelcnn.model.Layers;
import io.pixelcnn.model.LstmRecurrence;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a Diagonal BiLSTM layer (van den Oord et al. 2016, <i>Pixel Recurrent Neural
 * Networks</i>, section 3.2). Two LSTMs run along the diagonals of the image, one from the left edge and one
 * from the right: each skews the map so diagonals become columns, and computes a whole diagonal per step
 * from the diagonal before it with a 2x1 state-to-state convolution (the same row and the row above).
 * The left-to-right state at (r, c) so sees everything above and to its left; the right-to-left state, read
 * one row down, everything above and to the right: together, the whole context, no blind spot.
 *
 * <p>Input {@code [N, H, W, 8*hidden]}: the 1x1 masked input-to-state pre-activations of the left-to-right
 * direction's four gates, then the right-to-left's. Output {@code [N, H, W, hidden]}: the left-to-right
 * hidden state plus the right-to-left one shifted down a row.
 */
public class DiagonalBiLstm extends ImageLstm {

    static final int DIRECTIONS = 2;
    /** The state-to-state convolution reads the previous diagonal at the row above (-1) and the same row (0). */
    static final int[] OFFSETS = {-1, 0};

    /** For JSON deserialisation. */
    public DiagonalBiLstm() {
    }

    public static DiagonalBiLstm of(int hidden) {
        DiagonalBiLstm layer = new DiagonalBiLstm();
        layer.setNIn((long) DIRECTIONS * LstmRecurrence.GATES * hidden);
        layer.setNOut(hidden);
        layer.setWeightInitFn(WeightInit.XAVIER.getWeightInitFunction());
        return layer;
    }

    /** Per direction, {@code [4h, 2h]}: both directions' weights one after the other. */
    @Override
    public long[] weightShape() {
        return new long[]{DIRECTIONS, (long) LstmRecurrence.GATES * hidden(), (long) OFFSETS.length * hidden()};
    }

    @Override
    public double fanIn() {
        return (double) OFFSETS.length * hidden();
    }

    @Override
    public double fanOut() {
        return (double) LstmRecurrence.GATES * hidden();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType output = super.getOutputType(layerIndex, inputType);
        long channels = ((InputType.InputTypeConvolutional) inputType).getChannels();
        if (channels != (long) DIRECTIONS * LstmRecurrence.GATES * hidden()) {
            throw new IllegalStateException("Diagonal BiLSTM '" + getLayerName() + "' of " + hidden() + " units needs "
                    + DIRECTIONS * LstmRecurrence.GATES * hidden() + " input-to-state channels, got " + channels);
        }
        return output;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
        return Layers.wire(new DiagonalBiLstmLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                params);
    }

    @Override
    public DiagonalBiLstm clone() {
        return (DiagonalBiLstm) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiagonalBiLstm && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
