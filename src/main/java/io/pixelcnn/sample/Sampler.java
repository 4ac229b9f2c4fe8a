package io.pixelcnn.sample;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.PixelCnn;
import io.pixelcnn.model.PixelSoftmax;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Generates images sub-pixel by sub-pixel in raster order, drawing each from the model's 256-way
 * distribution given everything drawn before it. All images of a batch advance together, one network
 * pass per sub-pixel; each pass sees only the rows that can influence the current row (the model's
 * rows of context), which gives the same distribution as the full image at a fraction of the work.
 */
public final class Sampler {

    private final ComputationGraph model;
    private final ImageShape shape;
    private final int rowsOfContext;

    public Sampler(ComputationGraph model, ImageShape shape) {
        this.model = model;
        this.shape = shape;
        this.rowsOfContext = PixelCnn.rowsOfContext(model.getConfiguration());
    }

    /** {@code count} images, {@code batchSize} at a time, reproducible for a given seed. */
    public List<byte[]> sample(int count, int batchSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> images = new ArrayList<>(count);
        for (int done = 0; done < count; done += batchSize) {
            INDArray batch = sampleBatch(Math.min(batchSize, count - done), random);
            for (int i = 0; i < batch.size(0); i++) {
                images.add(Batches.image(batch, i));
            }
        }
        return images;
    }

    private INDArray sampleBatch(int size, SplittableRandom random) {
        INDArray pixels = Nd4j.zeros(DataType.FLOAT, size, shape.channels(), shape.height(), shape.width());
        for (int row = 0; row < shape.height(); row++) {
            int top = Math.max(0, row - rowsOfContext);
            INDArrayIndex rows = NDArrayIndex.interval(top, row + 1);
            for (int col = 0; col < shape.width(); col++) {
                for (int channel = 0; channel < shape.channels(); channel++) {
                    INDArray window = pixels.get(NDArrayIndex.all(), NDArrayIndex.all(), rows, NDArrayIndex.all()).dup('c');
                    INDArray probabilities = model.outputSingle(window);
                    INDArray levels = probabilities.get(NDArrayIndex.all(),
                            NDArrayIndex.interval((long) channel * PixelSoftmax.LEVELS, (long) (channel + 1) * PixelSoftmax.LEVELS),
                            NDArrayIndex.point(row - top), NDArrayIndex.point(col));
                    float[][] distributions = levels.castTo(DataType.FLOAT).toFloatMatrix();
                    for (int i = 0; i < size; i++) {
                        pixels.putScalar(new long[]{i, channel, row, col}, draw(distributions[i], random));
                    }
                }
            }
        }
        return pixels;
    }

    /** Inverse-CDF draw; normalises by the sum so float rounding in the softmax cannot bias the tail. */
    static int draw(float[] probabilities, SplittableRandom random) {
        double total = 0;
        for (float p : probabilities) {
            total += p;
        }
        double target = random.nextDouble() * total;
        double cumulative = 0;
        for (int level = 0; level < probabilities.length; level++) {
            cumulative += probabilities[level];
            if (target < cumulative) {
                return level;
            }
        }
        return probabilities.length - 1;
    }
}
