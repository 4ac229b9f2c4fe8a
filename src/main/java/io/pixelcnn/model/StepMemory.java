package io.pixelcnn.model;

import io.pixelcnn.data.ImageShape;

/**
 * How much memory one training step of one worker needs at least: the activations the forward pass keeps
 * for the backward pass, and as much again for their gradients, in 4-byte floats, for every image of the
 * minibatch and every pixel position. Per position that is the likelihood's parameters of every sub-pixel
 * (256 logits, or a logistic mixture's 3K) plus, in each layer (the first, every block, the output head), a
 * family's number of {@code hidden}-wide maps. It leaves
 * out parameters, Adam's state, workspaces and the minibatch itself: a lower bound, meant to refuse sizes
 * that cannot possibly fit, never ones that might.
 */
public final class StepMemory {

    private static final int FLOAT_BYTES = 4;
    /** Forward activations and their gradients. */
    private static final int FORWARD_AND_BACKWARD = 2;

    private StepMemory() {
    }

    /** Bytes of one training step of {@code batch} images of {@code shape} through a {@code model}. */
    public static double trainingBytes(ModelConfig model, ImageShape shape, int batch) {
        double positions = (double) shape.height() * shape.width();
        double layers = model.blocks() + 2.0;
        double floatsPerPosition = (double) shape.channels() * model.likelihood().parameters()
                + layers * mapsPerLayer(model.family()) * model.hidden();
        return FORWARD_AND_BACKWARD * FLOAT_BYTES * (double) batch * positions * floatsPerPosition;
    }

    /**
     * Maps of {@code hidden} channels a layer keeps per position. PixelCNN: a residual block's 2H input, the
     * H after each of its two first convolutions, its 2H output. Gated PixelCNN: two stacks, each a 2H
     * pre-gate map and an H output. Row LSTM: four H gates, the H cell and H state, the 2H input. Diagonal
     * BiLSTM: as the Row LSTM per direction, two directions, on the skewed map, about twice as wide.
     */
    static int mapsPerLayer(ModelFamily family) {
        return switch (family) {
            case PIXELCNN, GATED_PIXELCNN -> 6;
            case ROW_LSTM -> 8;
            case DIAGONAL_BILSTM -> 32;
        };
    }
}
