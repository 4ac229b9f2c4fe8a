package io.pixelcnn.model;

/**
 * The 0/1 mask that makes a convolution causal in raster order (row by row, left to right, and
 * within a pixel colour channel by colour channel).
 *
 * <p>Feature channels are split into as many contiguous groups as the image has colour channels;
 * group g of a layer's output may read, at the centre position, the input groups before g (mask A)
 * or up to and including g (mask B). With one colour channel this reduces to the familiar rule:
 * mask A hides the centre, mask B keeps it.
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
        if (kernelHeight % 2 == 0 || kernelWidth % 2 == 0) {
            throw new IllegalArgumentException("masked kernels need odd sizes, got " + kernelHeight + "x" + kernelWidth);
        }
        int centreRow = kernelHeight / 2;
        int centreCol = kernelWidth / 2;
        float[] mask = new float[outChannels * inChannels * kernelHeight * kernelWidth];
        int i = 0;
        for (int out = 0; out < outChannels; out++) {
            int outGroup = group(out, outChannels, imageChannels);
            for (int in = 0; in < inChannels; in++) {
                int inGroup = group(in, inChannels, imageChannels);
                boolean centreVisible = type == MaskType.A ? inGroup < outGroup : inGroup <= outGroup;
                for (int row = 0; row < kernelHeight; row++) {
                    for (int col = 0; col < kernelWidth; col++) {
                        boolean visible = row < centreRow
                                || (row == centreRow && col < centreCol)
                                || (row == centreRow && col == centreCol && centreVisible);
                        mask[i++] = visible ? 1f : 0f;
                    }
                }
            }
        }
        return mask;
    }

    /** True when the mask hides nothing, so a plain convolution does the same job. */
    public static boolean isTrivial(MaskType type, int kernelHeight, int kernelWidth, int imageChannels) {
        return kernelHeight == 1 && kernelWidth == 1 && imageChannels == 1 && type == MaskType.B;
    }

    /** The colour-channel group a feature channel belongs to: contiguous, as even as the counts allow. */
    static int group(int channel, int channels, int imageChannels) {
        return (int) ((long) channel * imageChannels / channels);
    }
}
