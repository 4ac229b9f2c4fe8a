package io.pixelcnn.model.gated;

import io.pixelcnn.model.Layers;
import io.pixelcnn.model.Reach;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves a channels-last map down one row (row 0 becomes zero): how the Gated PixelCNN's vertical stack,
 * whose features at row r have seen all of row r, feeds the horizontal stack at row r with only rows above.
 */
public class ShiftDown extends NoParamLayer implements Reach.Spatial {

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        return Layers.wire(new ShiftDownLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializer().init(conf, paramsView, initializeParams));
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
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, ShiftDown.class, inputType, inputType)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public ShiftDown clone() {
        return (ShiftDown) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShiftDown other && java.util.Objects.equals(getLayerName(), other.getLayerName());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(getLayerName());
    }
}
