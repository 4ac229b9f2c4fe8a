package io.pixelcnn.model;

/**
 * Which part of a kernel a causal convolution may use. {@link #A} and {@link #B} are the raster-order
 * masks of van den Oord et al. (2016): both hide every pixel after the centre in raster order and differ
 * at the centre itself. {@link #VERTICAL} is the Gated PixelCNN's vertical stack.
 */
public enum MaskType {
    /** First layer: a sub-pixel must not see itself, only earlier colour channels of its own pixel. */
    A,
    /** Later layers: the centre feature already summarises only the past, so it may be used. */
    B,
    /**
     * Rows above the centre and the whole centre row, every channel: not causal by itself. Its output is
     * only ever read shifted down one row, where all of it lies above the pixel it feeds.
     */
    VERTICAL
}
