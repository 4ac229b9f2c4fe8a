package io.pixelcnn.eval;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import java.util.Iterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
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
            INDArray nats = model.scoreExamples(batches.next(), false);
            for (long i = 0; i < nats.length(); i++) {
                totals = totals.add(nats.getDouble(i));
            }
        }
        return totals;
    }
}
