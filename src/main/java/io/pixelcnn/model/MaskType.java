package io.pixelcnn.model;

/**
 * The two causal masks of van den Oord et al. (2016). Both hide every pixel after the centre in raster
 * order; they differ at the centre itself.
 */
public enum MaskType {
    /** First layer: a sub-pixel must not see itself, only earlier colour channels of its own pixel. */
    A,
    /** Later layers: the centre feature already summarises only the past, so it may be used. */
    B
}
