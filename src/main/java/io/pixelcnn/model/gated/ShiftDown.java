package io.pixelcnn.model.gated;

import io.pixelcnn.model.ParameterFreeConfiguration;
import io.pixelcnn.model.Reach;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Moves a channels-last map down one row (row 0 becomes zero): how the Gated PixelCNN's vertical stack,
 * whose features at row r have seen all of row r, feeds the horizontal stack at row r with only rows above.
 */
public class ShiftDown extends ParameterFreeConfiguration implements Reach.Spatial {

    @Override
    protected Layer runningLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new ShiftDownLayer(conf, dataType);
    }

    @Override
    public Reach reach() {
        return new Reach(1, 0, 0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public ShiftDown clone() {
        return (ShiftDown) super.clone();
    }
}
