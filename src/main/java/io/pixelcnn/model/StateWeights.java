package io.pixelcnn.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one parameter of a recurrent image layer: its state-to-state weights, {@value #KEY}, of the shape the
 * layer asks for. The input-to-state part and its bias belong to the masked convolution before it.
 */
public final class StateWeights implements ParamInitializer {

    public static final String KEY = "W";
    private static final StateWeights INSTANCE = new StateWeights();

    private StateWeights() {
    }

    public static StateWeights instance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long count = 1;
        for (long size : ((ImageLstm) layer).weightShape()) {
            count *= size;
        }
        return count;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        ImageLstm layer = (ImageLstm) conf.getLayer();
        long[] shape = layer.weightShape();
        INDArray weights = paramsView.reshape('c', shape);
        if (initializeParams) {
            weights = layer.getWeightInitFn().init(layer.fanIn(), layer.fanOut(), shape, 'c', weights);
        }
        conf.addVariable(KEY);
        Map<String, INDArray> params = Collections.synchronizedMap(new LinkedHashMap<>());
        params.put(KEY, weights);
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        gradients.put(KEY, gradientView.reshape('c', ((ImageLstm) conf.getLayer()).weightShape()));
        return gradients;
    }
}
