package io.pixelcnn.model;

import java.io.Serializable;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a model turns its output channels into the distribution of every 8-bit sub-pixel: the one thing the
 * output layer, the cached sampler and the documentation ask about the likelihood. Whatever the form, the
 * model's output is the same 256-way distribution per sub-pixel ({@code [N, C*256, H, W]}) and its score is
 * the exact negative log-likelihood of the image in nats, so samplers, {@code complete}, {@code score} and
 * bits/dim work alike for every likelihood.
 *
 * <p>A sub-pixel's {@link #parameters()} channels are contiguous, colour channel by colour channel, so the
 * causal masks' channel groups give colour channel c exactly its own parameters.
 */
public sealed interface PixelLikelihood extends Serializable permits SoftmaxLikelihood, LogisticMixture {

    /** Values a sub-pixel can take. */
    int LEVELS = 256;

    /** Mixture components when {@code --mixtures} is not given: PixelCNN++'s choice. */
    int DEFAULT_MIXTURES = 10;

    /** Output channels of the logits layer per sub-pixel. */
    int parameters();

    /** The name in configuration files and on the command line ({@code --likelihood}). */
    String key();

    /** The key with what else makes this likelihood ("softmax", "logistic-mixture(10)"), for reports that compare several. */
    String label();

    /** The model's output layer for images of {@code imageChannels} colour channels. */
    ParameterFreeConfiguration outputLayer(int imageChannels);

    /**
     * The 256-way distributions of a batch of sub-pixels: {@code parameters} is {@code [n, parameters()]}
     * (one sub-pixel per row, any strides), {@code distributions} a float {@code [n, 256]} it overwrites.
     */
    void distributions(INDArray parameters, INDArray distributions);

    /**
     * One value per row of {@code parameters} ({@code [n, parameters()]}), drawn by inverse CDF with row i's
     * uniform: the smallest v whose cumulative probability exceeds {@code uniforms[i]}, into {@code values}.
     * {@code scratch} is a float {@code [n, 256]} it may overwrite. This one computes the distributions and
     * draws with {@link InverseCdf}; a likelihood with a cheaper CDF searches it instead, and may then differ
     * from this only where a uniform lands within float rounding of a CDF step.
     */
    default void draw(INDArray parameters, INDArray scratch, double[] uniforms, int[] values) {
        distributions(parameters, scratch);
        FloatBuffer probabilities = scratch.data().asNioFloat();
        float[] distribution = new float[LEVELS];
        for (int i = 0; i < uniforms.length; i++) {
            probabilities.get(i * LEVELS, distribution);
            values[i] = InverseCdf.draw(distribution, uniforms[i]);
        }
    }

    /** The exact log-probability, in nats, of {@code value} (0..255) under the parameters at {@code offset}. */
    double logProbability(double[] parameters, int offset, int value);

    /** {@code softmax} or {@code logistic-mixture} with {@code mixtures} components (used by the mixture only). */
    static PixelLikelihood parse(String key, int mixtures) {
        if (SoftmaxLikelihood.KEY.equals(key)) {
            return SoftmaxLikelihood.INSTANCE;
        }
        if (LogisticMixture.KEY.equals(key)) {
            return new LogisticMixture(mixtures);
        }
        throw new IllegalArgumentException("likelihood must be one of " + keys() + ", got '" + key + "'");
    }

    /** Every likelihood's name, for help texts and errors. */
    static String keys() {
        return SoftmaxLikelihood.KEY + "|" + LogisticMixture.KEY;
    }
}
