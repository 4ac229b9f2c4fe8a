package io.pixelcnn.sample;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.model.PixelSoftmax;
import io.pixelcnn.model.builder.ModelBuilder;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real PixelCNN whose output is a known categorical per colour channel whatever the image: the logits
 * layer's weights zeroed and its biases set to the log of the given weights, so every sub-pixel of channel c
 * has the distribution softmax(bias of c). A weight of 0 becomes a bias of -1000, whose softmax is exactly 0
 * in float and double.
 */
final class FixedCategorical {

    private static final double NEVER = -1000;

    private FixedCategorical() {
    }

    /** The model; {@code weights[c]} holds channel c's 256 unnormalised level weights. */
    static ComputationGraph model(ImageShape shape, double[][] weights) {
        ComputationGraph model = ModelBuilder.build(new ModelConfig(4, 1, 3, 3), shape, 1e-3, 1);
        Layer logits = model.getLayer(ModelGraph.LOGITS);
        logits.getParam("W").assign(0);
        float[] bias = new float[shape.channels() * PixelSoftmax.LEVELS];
        for (int c = 0; c < shape.channels(); c++) {
            for (int level = 0; level < PixelSoftmax.LEVELS; level++) {
                double w = weights[c][level];
                bias[c * PixelSoftmax.LEVELS + level] = (float) (w > 0 ? Math.log(w) : NEVER);
            }
        }
        INDArray b = logits.getParam("b");
        b.assign(Nd4j.createFromArray(bias).reshape(b.shape()));
        return model;
    }

    /** softmax of the bias {@link #model} sets for {@code weights}, in double: what the model should draw from. */
    static double[] softmaxOfBias(double[] weights) {
        double[] logits = new double[weights.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int level = 0; level < weights.length; level++) {
            logits[level] = weights[level] > 0 ? (float) Math.log(weights[level]) : NEVER;
            max = Math.max(max, logits[level]);
        }
        double total = 0;
        double[] p = new double[weights.length];
        for (int level = 0; level < p.length; level++) {
            p[level] = Math.exp(logits[level] - max);
            total += p[level];
        }
        for (int level = 0; level < p.length; level++) {
            p[level] /= total;
        }
        return p;
    }
}
