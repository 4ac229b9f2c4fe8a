package io.pixelcnn.model;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The wiring DL4J expects a layer configuration's {@code instantiate} to do for its running layer. */
public final class Layers {

    private Layers() {
    }

    public static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                           int index, INDArray paramsView, Map<String, INDArray> params) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}
