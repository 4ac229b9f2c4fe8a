package io.pixelcnn.model;

import java.io.Serializable;

/**
 * Architecture of a model. Every family starts from a {@code firstKernel} mask-A convolution of the
 * pixels (the Gated PixelCNN: a first vertical and horizontal pair of that size) and ends in two 1x1
 * convolutions to the {@code likelihood}'s parameters of every sub-pixel (256 logits, or a logistic mixture's
 * 3K parameters); in between, {@code blocks} layers of its kind:
 * <ul>
 *   <li>{@code pixelcnn}: residual blocks on {@code 2*hidden} channels (1x1 down to {@code hidden},
 *       {@code blockKernel} mask-B, 1x1 back up);</li>
 *   <li>{@code gated-pixelcnn}: gated layers of {@code hidden} channels per stack, vertical
 *       {@code blockKernel x blockKernel} and horizontal {@code 1 x blockKernel};</li>
 *   <li>{@code row-lstm}: residual Row LSTM layers of {@code hidden} units on {@code 2*hidden} channels,
 *       input-to-state and state-to-state both {@code 1 x blockKernel};</li>
 *   <li>{@code diagonal-bilstm}: residual Diagonal BiLSTM layers of {@code hidden} units per direction on
 *       {@code 2*hidden} channels (input-to-state 1x1 and state-to-state 2x1, as in the paper:
 *       {@code blockKernel} is not used).</li>
 * </ul>
 * A model with {@code classes > 0} is class-conditional, p(image | class): a second input, the class one-hot,
 * enters every layer as a learned per-class bias ({@link ClassBias}); 0 is an unconditional model, whose
 * graph is exactly the one built before conditioning existed.
 */
public record ModelConfig(ModelFamily family, int hidden, int blocks, int firstKernel, int blockKernel,
                          PixelLikelihood likelihood, int classes) implements Serializable {

    public ModelConfig {
        require(family != null, "model must be one of " + ModelFamily.keys());
        require(hidden >= 1, "hidden must be at least 1, got " + hidden);
        require(blocks >= 0, "blocks must not be negative, got " + blocks);
        require(firstKernel >= 1 && firstKernel % 2 == 1, "first-kernel must be odd, got " + firstKernel);
        require(blockKernel >= 1 && blockKernel % 2 == 1, "block-kernel must be odd, got " + blockKernel);
        require(likelihood != null, "likelihood must be one of " + PixelLikelihood.keys());
        require(classes >= 0, "classes must not be negative, got " + classes);
    }

    /** An unconditional model of {@code family} with {@code likelihood}. */
    public ModelConfig(ModelFamily family, int hidden, int blocks, int firstKernel, int blockKernel,
                       PixelLikelihood likelihood) {
        this(family, hidden, blocks, firstKernel, blockKernel, likelihood, 0);
    }

    /** A model of {@code family} with the 256-way softmax. */
    public ModelConfig(ModelFamily family, int hidden, int blocks, int firstKernel, int blockKernel) {
        this(family, hidden, blocks, firstKernel, blockKernel, SoftmaxLikelihood.INSTANCE);
    }

    /** A plain PixelCNN. */
    public ModelConfig(int hidden, int blocks, int firstKernel, int blockKernel) {
        this(ModelFamily.PIXELCNN, hidden, blocks, firstKernel, blockKernel);
    }

    /** The same architecture in another family. */
    public ModelConfig as(ModelFamily other) {
        return new ModelConfig(other, hidden, blocks, firstKernel, blockKernel, likelihood, classes);
    }

    /** The same architecture with another likelihood. */
    public ModelConfig with(PixelLikelihood other) {
        return new ModelConfig(family, hidden, blocks, firstKernel, blockKernel, other, classes);
    }

    /** The same architecture conditioned on one of {@code count} classes (0: unconditional). */
    public ModelConfig conditionedOn(int count) {
        return new ModelConfig(family, hidden, blocks, firstKernel, blockKernel, likelihood, count);
    }

    public boolean isConditional() {
        return classes > 0;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
