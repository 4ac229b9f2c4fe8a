package io.pixelcnn.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A planted fault for testing the gradient check: a masked convolution whose backward pass multiplies one
 * parameter's gradient by a factor (0: a gradient never written; 1.01: a term off by 1%). The forward pass
 * and the other parameter's gradient are the production layer's own.
 */
final class ScaledGradientLayer extends MaskedConvolutionLayer {

    private final String param;
    private final double factor;

    private ScaledGradientLayer(NeuralNetConfiguration conf, DataType dataType, String param, double factor) {
        super(conf, dataType);
        this.param = param;
        this.factor = factor;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
        result.getFirst().getGradientFor(param).muli(factor);
        return result;
    }

    /**
     * Puts the faulty layer in place of the masked convolution {@code layer} of an initialised graph, on the
     * same parameter and gradient arrays, so the graph's flat parameters and gradient still include it.
     */
    static void plant(ComputationGraph graph, String layer, String param, double factor) {
        MaskedConvolutionLayer original = (MaskedConvolutionLayer) graph.getLayer(layer);
        ScaledGradientLayer faulty = Layers.wire(new ScaledGradientLayer(original.conf(), original.getDataType(), param,
                factor), original.conf(), original.getListeners(), original.getIndex(), original.params(),
                original.paramTable());
        faulty.setBackpropGradientsViewArray(original.getGradientsViewArray());
        // the vertex runs the layer; the graph's layer array is what its parameter table is read from
        ((LayerVertex) graph.getVertex(layer)).setLayer(faulty);
        Layer[] layers = graph.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == original) {
                layers[i] = faulty;
            }
        }
    }
}
