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
 * What DL4J asks of the parameters of a layer that has exactly one array, answered once: its key, its shape
 * (a view of the layer's slice of the flat parameters, row-major), whether it is a weight or a bias (biases
 * take no weight decay), and how a new one starts. {@link StateWeights}, {@link ClassBiasParameters}.
 */
abstract class SingleParameter implements ParamInitializer {

    private final String key;
    private final boolean bias;

    SingleParameter(String key, boolean bias) {
        this.key = key;
        this.bias = bias;
    }

    /** The array's shape for {@code layer}. */
    abstract long[] shape(Layer layer);

    /** Fills a new model's array (a view: write into it, or return the array written). */
    abstract INDArray initialise(Layer layer, INDArray values);

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long count = 1;
        for (long size : shape(layer)) {
            count *= size;
        }
        return count;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(key);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return bias ? List.of() : List.of(key);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return bias ? List.of(key) : List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String name) {
        return !bias && key.equals(name);
    }

    @Override
    public boolean isBiasParam(Layer layer, String name) {
        return bias && key.equals(name);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        INDArray values = paramsView.reshape('c', shape(conf.getLayer()));
        if (initializeParams) {
            values = initialise(conf.getLayer(), values);
        }
        conf.addVariable(key);
        Map<String, INDArray> params = Collections.synchronizedMap(new LinkedHashMap<>());
        params.put(key, values);
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        gradients.put(key, gradientView.reshape('c', shape(conf.getLayer())));
        return gradients;
    }
}
