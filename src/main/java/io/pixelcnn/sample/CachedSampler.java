package io.pixelcnn.sample;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.sample.cached.CachedNetwork;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Generates images with the model's {@link CachedNetwork}: each sub-pixel costs one position of work in every
 * vertex instead of a pass over a window, about one forward pass of arithmetic per image in all, so large
 * batches keep the matrix products busy. Draws as {@link Sampler} does (the same streams, one uniform per
 * draw, inverse CDF), so the same seed gives the same images; only rounding differs (sums in another order,
 * and a likelihood may search its CDF where the windowed sampler sums probabilities:
 * {@link io.pixelcnn.model.PixelLikelihood#draw}), which changes a draw only when a uniform lands within
 * about 1e-7 of a CDF step.
 */
public final class CachedSampler extends BatchedGenerator {

    private final ComputationGraph model;
    private CachedNetwork network;

    /** @throws io.pixelcnn.sample.cached.UnsupportedModelException when the model has no cached form */
    public CachedSampler(ComputationGraph model, ImageShape shape, int batchSize) {
        this(model, shape, batchSize, CachedNetwork.of(model, shape, 1));
    }

    private CachedSampler(ComputationGraph model, ImageShape shape, int batchSize, CachedNetwork first) {
        super(shape, batchSize, first.classes());
        this.model = model;
        this.network = first;
    }

    @Override
    protected void generate(List<byte[]> images, int fromRow, SplittableRandom[] randoms, int[] classes) {
        CachedNetwork net = network(images.size());
        net.clear();
        if (classes != null) {
            net.setClasses(classes);
        }
        int plane = shape.height() * shape.width();
        double[] uniforms = new double[images.size()];
        int[] levels = new int[images.size()];
        for (int row = 0; row < shape.height(); row++) {
            net.startRow(row);
            for (int col = 0; col < shape.width(); col++) {
                if (row < fromRow) {
                    for (int channel = 0; channel < shape.channels(); channel++) {
                        int at = channel * plane + row * shape.width() + col;
                        for (int i = 0; i < images.size(); i++) {
                            net.setPixel(i, row, col, channel, images.get(i)[at] & 0xff);
                        }
                    }
                    net.compute(row, col);
                    continue;
                }
                for (int channel = 0; channel < shape.channels(); channel++) {
                    net.compute(row, col);
                    for (int i = 0; i < images.size(); i++) {
                        uniforms[i] = randoms[i].nextDouble(); // one per draw, as the windowed sampler takes
                    }
                    net.draw(row, col, channel, uniforms, levels);
                    int at = channel * plane + row * shape.width() + col;
                    for (int i = 0; i < images.size(); i++) {
                        images.get(i)[at] = (byte) levels[i];
                        net.setPixel(i, row, col, channel, levels[i]);
                    }
                }
            }
            net.finishRow(row);
        }
    }

    /** One network per batch size: allocated for the first batch, again only for a smaller last one. */
    private CachedNetwork network(int size) {
        if (network.batch() != size) {
            network = CachedNetwork.of(model, shape, size);
        }
        return network;
    }
}
