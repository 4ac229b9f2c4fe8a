package io.pixelcnn.eval;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.LabelledImage;
import io.pixelcnn.model.ModelGraph;
import java.util.Iterator;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Exact negative log-likelihood of images under a model, in nats. Plain Java: no Spark. */
public final class ImageNll {

    private ImageNll() {
    }

    /** Adds the NLL of every image to {@code totals}, scoring {@code batchSize} images per forward pass. */
    public static NllTotals addAll(ComputationGraph model, Iterator<byte[]> images, ImageShape shape, int batchSize,
                                   NllTotals totals) {
        return addAll(Batches.of(images, shape, batchSize), batch -> of(model, batch), totals);
    }

    /**
     * Adds the NLL of every image given its own class to {@code totals}, for a class-conditional model
     * ({@link ModelGraph#classes} of them): -log p(image | class).
     */
    public static NllTotals addAllLabelled(ComputationGraph model, Iterator<LabelledImage> images, ImageShape shape,
                                           int batchSize, NllTotals totals) {
        int classes = ModelGraph.classes(model.getConfiguration());
        return addAll(Batches.labelled(images, shape, classes, batchSize), batch -> of(model, batch), totals);
    }

    private static <B> NllTotals addAll(Iterator<B> batches, Function<B, double[]> nll, NllTotals totals) {
        while (batches.hasNext()) {
            for (double nats : nll.apply(batches.next())) {
                totals = totals.add(nats);
            }
        }
        return totals;
    }

    /** The NLL of each image of one minibatch, in order. */
    public static double[] of(ComputationGraph model, DataSet batch) {
        return model.scoreExamples(batch, false).castTo(DataType.DOUBLE).toDoubleVector();
    }

    /**
     * The NLL of each image of one labelled minibatch ({@link Batches#labelled}: the pixels and the one-hot
     * classes) given its class, in order: the one place a conditional model's likelihood is computed, for
     * train's epochs, evaluate and score alike.
     */
    public static double[] of(ComputationGraph model, MultiDataSet batch) {
        return model.scoreExamples(batch, false).castTo(DataType.DOUBLE).toDoubleVector();
    }
}
