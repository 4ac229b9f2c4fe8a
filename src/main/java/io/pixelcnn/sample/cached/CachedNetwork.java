package io.pixelcnn.sample.cached;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.PixelLikelihood;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A model's network run incrementally, the idea of Ramachandran et al. (2017), <i>Fast Generation for
 * Convolutional Autoregressive Models</i>: every vertex keeps its activations (only the rows its readers reach
 * back to), and each new position costs one position of work per vertex, not a pass over a window. In raster
 * order a vertex's output at (r, c) depends only on its inputs at or before (r, c), so once everything before
 * (r, c) is known, (r, c) can be computed in every vertex in topological order; the few vertices that read
 * their own row to the right (the Gated PixelCNN's vertical stack, the Diagonal BiLSTM's right-to-left
 * direction) are only ever read a row lower, and run once a row is finished.
 *
 * <p>Use, for a batch: {@link #clear()}; per row {@link #startRow}, then per position the pixels known so far
 * ({@link #setPixel}), {@link #compute} and {@link #probabilities}, then {@link #finishRow}. A colour image
 * computes each position once per channel: after channel k is drawn, the next pass sees it. A class-conditional
 * model also needs each image's class after every {@link #clear()}: {@link #setClasses}.
 */
public final class CachedNetwork {

    private final int batch;
    private final ImageShape shape;
    private final RowActivations pixels;
    private final List<Activations> activations;
    private final List<Step> steps;
    /** The output layer's input: every sub-pixel's likelihood parameters. */
    private final Source logits;
    private final PixelLikelihood likelihood;
    private final INDArray probabilities;
    /** Every class bias's rows for the batch; empty for an unconditional model. */
    private final List<ClassRows> classRows;
    private boolean classesSet;

    CachedNetwork(int batch, ImageShape shape, RowActivations pixels, List<Activations> activations, List<Step> steps,
                  Source logits, PixelLikelihood likelihood, List<ClassRows> classRows) {
        this.batch = batch;
        this.shape = shape;
        this.pixels = pixels;
        this.activations = activations;
        this.steps = steps;
        this.logits = logits;
        this.likelihood = likelihood;
        this.probabilities = Nd4j.create(DataType.FLOAT, batch, PixelLikelihood.LEVELS);
        this.classRows = List.copyOf(classRows);
    }

    /**
     * The network of {@code model} for batches of {@code batch} images of {@code shape}.
     *
     * @throws UnsupportedModelException when a vertex has no incremental form here
     */
    public static CachedNetwork of(ComputationGraph model, ImageShape shape, int batch) {
        return new NetworkBuilder(model, shape, batch).build();
    }

    public int batch() {
        return batch;
    }

    /** Zeroes every activation and pixel and forgets the classes: a new batch. */
    public void clear() {
        pixels.clear();
        activations.forEach(Activations::clear);
        classesSet = false;
    }

    /** The number of classes the model is conditioned on; 0 when it is unconditional. */
    public int classes() {
        return classRows.isEmpty() ? 0 : classRows.get(0).classes();
    }

    /** The class of each image of the batch (after {@link #clear()}, before the first {@link #compute}). */
    public void setClasses(int[] classes) {
        if (classRows.isEmpty()) {
            throw new IllegalArgumentException("the model is not class-conditional: it takes no classes");
        }
        if (classes.length != batch) {
            throw new IllegalArgumentException("classes: one per image of the batch of " + batch + ", got "
                    + classes.length);
        }
        for (int klass : classes) {
            if (klass < 0 || klass >= classes()) {
                throw new IllegalArgumentException("class " + klass + " is not one of the model's " + classes()
                        + " classes (0.." + (classes() - 1) + ")");
            }
        }
        classRows.forEach(rows -> rows.select(classes));
        classesSet = true;
    }

    /** Clears the slots row {@code row} takes over from an earlier row. */
    public void startRow(int row) {
        pixels.startRow(row);
        activations.forEach(values -> values.startRow(row));
    }

    /** Sub-pixel (row, col, channel) of image {@code image}, 0..255. */
    public void setPixel(int image, int row, int col, int channel, int value) {
        pixels.put(row, col, image, channel, value / NetworkBuilder.MAX_LEVEL);
    }

    /** Computes position (row, col) in every vertex computed position by position. */
    public void compute(int row, int col) {
        if (!classRows.isEmpty() && !classesSet) {
            throw new IllegalStateException("a class-conditional model: setClasses before computing a batch");
        }
        for (Step step : steps) {
            step.compute(row, col);
        }
    }

    /**
     * The 256-way distributions of sub-pixel (row, col, channel), {@code [batch, 256]}, after
     * {@link #compute}, from the model's likelihood as its output layer computes them; overwritten by the
     * next call.
     */
    public INDArray probabilities(int row, int col, int channel) {
        likelihood.distributions(channelParameters(row, col, channel), probabilities);
        return probabilities;
    }

    /** The likelihood's parameters of sub-pixel (row, col, channel), {@code [batch, parameters]}, a view. */
    private INDArray channelParameters(int row, int col, int channel) {
        long parameters = likelihood.parameters();
        return logits.at(row, col).get(NDArrayIndex.all(),
                NDArrayIndex.interval(channel * parameters, (channel + 1) * parameters));
    }

    /**
     * Draws sub-pixel (row, col, channel) of every image after {@link #compute}, image i's by inverse CDF with
     * {@code uniforms[i]}, into {@code values}: what the model's likelihood draws from its parameters
     * ({@link PixelLikelihood#draw}), without the 256 probabilities where it has a cheaper way.
     */
    public void draw(int row, int col, int channel, double[] uniforms, int[] values) {
        likelihood.draw(channelParameters(row, col, channel), probabilities, uniforms, values);
    }

    /** Row {@code row} is complete: runs what reads a whole row. */
    public void finishRow(int row) {
        for (Step step : steps) {
            step.finishRow(row);
        }
    }

    public ImageShape shape() {
        return shape;
    }

    /** Bytes of activations, patches and weights held for the batch (the native arrays, not the Java objects). */
    public long bytes() {
        long bytes = pixels.bytes() + probabilities.length() * Float.BYTES;
        for (Activations values : activations) {
            bytes += values.bytes();
        }
        return bytes;
    }

    /** A step created once every storage is allocated. */
    interface StepFactory extends Supplier<Step> {
    }

    static List<Step> create(List<StepFactory> factories) {
        List<Step> steps = new ArrayList<>(factories.size());
        factories.forEach(factory -> steps.add(factory.get()));
        return steps;
    }
}
