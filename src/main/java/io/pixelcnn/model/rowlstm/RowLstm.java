package io.pixelcnn.model.rowlstm;

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
 * Configuration of a Row LSTM layer (van den Oord et al. 2016, <i>Pixel Recurrent Neural Networks</i>,
 * section 3.1): the image is processed one row at a time, top to bottom; the state of row r is computed
 * from row r's input-to-state pre-activations (a masked 1 x k convolution before this layer, computed
 * for all rows at once) and a 1 x k convolution of row r-1's hidden state. Each position thus sees a
 * triangle of rows above it, widening by k/2 columns per row on either side.
 *
 * <p>Input {@code [N, H, W, 4*hidden]} (gates o, f, i, g in blocks), output {@code [N, H, W, hidden]}.
 */
public class RowLstm extends ImageLstm {

    /** Width k of the state-to-state convolution along the row above. */
    private int kernel = 3;

    /** For JSON deserialisation. */
    public RowLstm() {
    }

    public static RowLstm of(int hidden, int kernel) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("the Row LSTM's state-to-state kernel must be odd, got " + kernel);
        }
        RowLstm layer = new RowLstm();
        layer.setNIn((long) LstmRecurrence.GATES * hidden);
        layer.setNOut(hidden);
        layer.kernel = kernel;
        layer.setWeightInitFn(WeightInit.XAVIER.getWeightInitFunction());
        return layer;
    }

    /** The row above is read at columns -k/2 .. k/2 of each position. */
    int[] offsets() {
        int[] offsets = new int[kernel];
        for (int i = 0; i < kernel; i++) {
            offsets[i] = i - kernel / 2;
        }
        return offsets;
    }

    @Override
    public long[] weightShape() {
        return new long[]{(long) LstmRecurrence.GATES * hidden(), (long) kernel * hidden()};
    }

    @Override
    public double fanIn() {
        return (double) kernel * hidden();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType output = super.getOutputType(layerIndex, inputType);
        long channels = ((InputType.InputTypeConvolutional) inputType).getChannels();
        if (channels != (long) LstmRecurrence.GATES * hidden()) {
            throw new IllegalStateException("Row LSTM '" + getLayerName() + "' of " + hidden() + " units needs "
                    + LstmRecurrence.GATES * hidden() + " input-to-state channels, got " + channels);
        }
        return output;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
        return Layers.wire(new RowLstmLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView, params);
    }

    public int getKernel() {
        return kernel;
    }

    public void setKernel(int kernel) {
        this.kernel = kernel;
    }

    @Override
    public RowLstm clone() {
        return (RowLstm) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowLstm other && super.equals(o) && kernel == other.kernel;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + kernel;
    }
}
