package io.pixelcnn.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of autoregressive image model this project builds, by their names in configuration files
 * and on the command line ({@code --model}). All of them share the model contract: raw pixels in,
 * {@code [N, C*256, H, W]} probabilities out, sub-pixels in raster order.
 */
public enum ModelFamily {
    /** Masked convolutions in residual blocks (van den Oord et al. 2016, PixelRNN paper, section 3.5). */
    PIXELCNN("pixelcnn"),
    /** Vertical and horizontal stacks with gated activations: no blind spot (Conditional PixelCNN paper). */
    GATED_PIXELCNN("gated-pixelcnn"),
    /** LSTM layers that compute a whole row at a time, each seeing a triangle of rows above (section 3.1). */
    ROW_LSTM("row-lstm"),
    /** LSTM layers that run along diagonals in both directions, seeing the whole context (section 3.2). */
    DIAGONAL_BILSTM("diagonal-bilstm");

    private final String key;

    ModelFamily(String key) {
        this.key = key;
    }

    /** The name used in {@code conf/pixelcnn.conf}, {@code config.properties} and on the command line. */
    public String key() {
        return key;
    }

    public static ModelFamily parse(String key) {
        for (ModelFamily family : values()) {
            if (family.key.equals(key)) {
                return family;
            }
        }
        throw new IllegalArgumentException("family must be one of " + keys() + ", got '" + key + "'");
    }

    /** Every family's name, for help texts and errors: {@code pixelcnn|gated-pixelcnn|...}. */
    public static String keys() {
        return Arrays.stream(values()).map(ModelFamily::key).collect(Collectors.joining("|"));
    }

    @Override
    public String toString() {
        return key;
    }
}
