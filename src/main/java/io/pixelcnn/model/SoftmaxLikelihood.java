package io.pixelcnn.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/** A 256-way softmax per sub-pixel (the PixelRNN paper's): 256 logits, one per value. */
public record SoftmaxLikelihood() implements PixelLikelihood {

    public static final String KEY = "softmax";
    public static final SoftmaxLikelihood INSTANCE = new SoftmaxLikelihood();

    @Override
    public int parameters() {
        return LEVELS;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String label() {
        return KEY;
    }

    @Override
    public PixelSoftmax outputLayer(int imageChannels) {
        return new PixelSoftmax(imageChannels);
    }

    /** One native softmax over the rows, as {@link PixelSoftmaxLayer} computes it. */
    @Override
    public void distributions(INDArray parameters, INDArray distributions) {
        distributions.assign(parameters);
        Nd4j.exec(new SoftMax(distributions, distributions, 1));
    }

    @Override
    public double logProbability(double[] logits, int offset, int value) {
        return logits[offset + value] - LogSpace.logSumExp(logits, offset, LEVELS);
    }
}
