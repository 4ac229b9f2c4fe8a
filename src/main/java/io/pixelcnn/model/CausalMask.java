package io.pixelcnn.model;

/**
 * The 0/1 mask that makes a convolution causal in raster order (row by row, left to right, and
 * within a pixel colour channel by colour channel).
 *
 * <p>Feature channels are split into as many contiguous groups as the image has colour channels;
 * group g of a layer's output may read, at the centre position, the input groups before g (mask A)
 * or up to and including g (mask B). With one colour channel this reduces to the familiar rule:
 * mask A hides the centre, mask B keeps it.
 *
 * <p>A layer whose output feeds several element-wise parts (the four gates of an LSTM, the two halves
 * of a gated activation) has its output channels in {@code outputBlocks} equal consecutive blocks, each
 * grouped like the hidden state it becomes: channel m of every block belongs to the group of channel m.
 */
public final class CausalMask {

    private CausalMask() {
    }

    /**
     * The mask as a flat array in the layout of a DL4J convolution weight,
     * {@code [outChannels][inChannels][kernelHeight][kernelWidth]}, row-major.
     */
    public static float[] weights(MaskType type, int outChannels, int inChannels, int kernelHeight, int kernelWidth,
                                  int imageChannels) {
        return weights(type, outChannels, inChannels, kernelHeight, kernelWidth, imageChannels, 1);
    }

    /** As {@link #weights(MaskType, int, int, int, int, int)}, with the output in {@code outputBlocks} blocks. */
    public static float[] weights(MaskType type, int outChannels, int inChannels, int kernelHeight, int kernelWidth,
                                  int imageChannels, int outputBlocks) {
        if (kernelHeight % 2 == 0 || kernelWidth % 2 == 0) {
            throw new IllegalArgumentException("masked kernels need odd sizes, got " + kernelHeight + "x" + kernelWidth);
        }
        if (outputBlocks < 1 || outChannels % outputBlocks != 0) {
            throw new IllegalArgumentException(outChannels + " output channels do not split into " + outputBlocks + " blocks");
        }
        int blockSize = outChannels / outputBlocks;
        int centreRow = kernelHeight / 2;
        int centreCol = kernelWidth / 2;
        float[] mask = new float[outChannels * inChannels * kernelHeight * kernelWidth];
        int i = 0;
        for (int out = 0; out < outChannels; out++) {
            int outGroup = group(out % blockSize, blockSize, imageChannels);
            for (int in = 0; in < inChannels; in++) {
                int inGroup = group(in, inChannels, imageChannels);
                for (int row = 0; row < kernelHeight; row++) {
                    for (int col = 0; col < kernelWidth; col++) {
                        mask[i++] = visible(type, row - centreRow, col - centreCol, inGroup, outGroup) ? 1f : 0f;
                    }
                }
            }
        }
        return mask;
    }

    /** Whether input group {@code inGroup} at offset (dy, dx) from the centre may feed output group {@code outGroup}. */
    private static boolean visible(MaskType type, int dy, int dx, int inGroup, int outGroup) {
        if (type == MaskType.VERTICAL) {
            return dy <= 0;
        }
        if (dy != 0 || dx != 0) {
            return dy < 0 || (dy == 0 && dx < 0);
        }
        return type == MaskType.A ? inGroup < outGroup : inGroup <= outGroup;
    }

    /** True when the mask hides nothing, so a plain convolution does the same job. */
    public static boolean isTrivial(MaskType type, int kernelHeight, int kernelWidth, int imageChannels) {
        if (type == MaskType.VERTICAL) {
            return kernelHeight == 1;
        }
        return kernelHeight == 1 && kernelWidth == 1 && imageChannels == 1 && type == MaskType.B;
    }

    /** The colour-channel group a feature channel belongs to: contiguous, as even as the counts allow. */
    public static int group(int channel, int channels, int imageChannels) {
        return (int) ((long) channel * imageChannels / channels);
    }
}
