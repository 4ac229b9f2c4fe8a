package io.pixelcnn.model;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one parameter of a recurrent image layer: its state-to-state weights, {@value #KEY}, of the shape the
 * layer asks for. The input-to-state part and its bias belong to the masked convolution before it.
 */
public final class StateWeights extends SingleParameter {

    public static final String KEY = "W";
    private static final StateWeights INSTANCE = new StateWeights();

    private StateWeights() {
        super(KEY, false);
    }

    public static StateWeights instance() {
        return INSTANCE;
    }

    @Override
    long[] shape(Layer layer) {
        return ((ImageLstm) layer).weightShape();
    }

    @Override
    INDArray initialise(Layer layer, INDArray values) {
        ImageLstm lstm = (ImageLstm) layer;
        return lstm.getWeightInitFn().init(lstm.fanIn(), lstm.fanOut(), lstm.weightShape(), 'c', values);
    }
}
