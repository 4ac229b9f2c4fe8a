package io.pixelcnn.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of the discretized logistic mixture output layer ({@link LogisticMixture}): input
 * {@code [N, H, W, channels*3K]} channels-last, colour channel c's 3K parameters at {@code c*3K}; output and
 * labels as every {@link PixelOutput}.
 */
public class PixelLogisticMixture extends PixelOutput {

    private int components = PixelLikelihood.DEFAULT_MIXTURES;

    /** For JSON deserialisation. */
    public PixelLogisticMixture() {
    }

    public PixelLogisticMixture(int imageChannels, int components) {
        super(imageChannels);
        this.components = components;
    }

    @Override
    public LogisticMixture likelihood() {
        return new LogisticMixture(components);
    }

    @Override
    protected Layer runningLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new PixelLogisticMixtureLayer(conf, dataType);
    }

    public int getComponents() {
        return components;
    }

    public void setComponents(int components) {
        this.components = components;
    }

    @Override
    public PixelLogisticMixture clone() {
        return (PixelLogisticMixture) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && components == ((PixelLogisticMixture) o).components;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + components;
    }
}
