package io.pixelcnn.model;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one parameter of a {@link ClassBias}: {@value #KEY}, {@code [classes, channels]}, row y the bias class y
 * adds to every position. It starts at zero: a new conditional model treats every class alike and learns
 * the differences, and its other layers draw the same random weights as the unconditional model of the same
 * seed (V takes nothing from the random stream).
 */
public final class ClassBiasParameters extends SingleParameter {

    public static final String KEY = "V";
    private static final ClassBiasParameters INSTANCE = new ClassBiasParameters();

    private ClassBiasParameters() {
        super(KEY, true);
    }

    public static ClassBiasParameters instance() {
        return INSTANCE;
    }

    @Override
    long[] shape(Layer layer) {
        ClassBiasConfiguration bias = (ClassBiasConfiguration) layer;
        return new long[]{bias.classes(), bias.channels()};
    }

    @Override
    INDArray initialise(Layer layer, INDArray values) {
        return values.assign(0);
    }
}
