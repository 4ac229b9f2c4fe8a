package io.pixelcnn.sample;

import io.pixelcnn.cluster.Interrupts;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.InverseCdf;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every sampler shares: images are generated in batches of a fixed size, image {@code i} of a call
 * drawing from the random stream of its index, and a completion keeps its given rows. A sampler only says
 * how one batch is filled in, {@link #generate}.
 */
abstract class BatchedGenerator implements ImageGenerator {

    protected final ImageShape shape;
    protected final int batchSize;
    /** The classes the model is conditioned on; 0 when it is unconditional. */
    protected final int modelClasses;

    BatchedGenerator(ImageShape shape, int batchSize, int modelClasses) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.shape = shape;
        this.batchSize = batchSize;
        this.modelClasses = modelClasses;
    }

    /**
     * Fills every sub-pixel of {@code images} (raw CHW, one stream each) from row {@code fromRow} on, in
     * raster order; the rows above are given and stay as they are. {@code classes}: image i's class, the
     * model's second input; null for an unconditional model.
     */
    protected abstract void generate(List<byte[]> images, int fromRow, SplittableRandom[] streams, int[] classes);

    @Override
    public final List<byte[]> sample(long first, int count, long seed, ImageClasses classes) {
        classes.requireFits(modelClasses);
        List<byte[]> images = new ArrayList<>(count);
        for (int done = 0; done < count; done += batchSize) {
            int size = Math.min(batchSize, count - done);
            List<byte[]> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(new byte[shape.dims()]);
            }
            Interrupts.stopIfReceived();
            generate(batch, 0, ImageSeeds.streams(seed, first + done, size), classes.of(first + done, size));
            images.addAll(batch);
        }
        return images;
    }

    @Override
    public final List<byte[]> complete(List<byte[]> images, int keepRows, long seed, ImageClasses classes) {
        classes.requireFits(modelClasses);
        if (keepRows < 0 || keepRows > shape.height()) {
            throw new IllegalArgumentException("rows to keep must be within 0.." + shape.height() + ", got " + keepRows);
        }
        List<byte[]> completed = new ArrayList<>(images.size());
        for (int done = 0; done < images.size(); done += batchSize) {
            List<byte[]> batch = new ArrayList<>();
            for (byte[] image : images.subList(done, Math.min(images.size(), done + batchSize))) {
                batch.add(image.clone());
            }
            Interrupts.stopIfReceived();
            generate(batch, keepRows, ImageSeeds.streams(seed, done, batch.size()), classes.of(done, batch.size()));
            completed.addAll(batch);
        }
        return completed;
    }

    /** Inverse-CDF draw with the stream's next uniform (exactly one per draw, in every sampler). */
    static int draw(float[] probabilities, SplittableRandom random) {
        return InverseCdf.draw(probabilities, random.nextDouble());
    }
}
