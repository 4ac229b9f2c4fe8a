package io.pixelcnn.eval;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import java.util.Iterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/** Exact negative log-likelihood of images under a model, in nats. Plain Java: no Spark. */
public final class ImageNll {

    private ImageNll() {
    }

    /** Adds the NLL of every image to {@code totals}, scoring {@code batchSize} images per forward pass. */
    public static NllTotals addAll(ComputationGraph model, Iterator<byte[]> images, ImageShape shape, int batchSize,
                                   NllTotals totals) {
        Iterator<DataSet> batches = Batches.of(images, shape, batchSize);
        while (batches.hasNext()) {
            for (double nats : of(model, batches.next())) {
                totals = totals.add(nats);
            }
        }
        return totals;
    }

    /** The NLL of each image of one minibatch, in order. */
    public static double[] of(ComputationGraph model, DataSet batch) {
        return model.scoreExamples(batch, false).castTo(DataType.DOUBLE).toDoubleVector();
    }
}
