package io.pixelcnn.eval;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelBytes;
import java.util.Collections;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Distributed evaluation: every executor sums the exact NLL of its images, one reduce adds the sums,
 * and the driver divides once.
 */
public final class BitsPerDim {

    private static final double LN2 = Math.log(2);

    private BitsPerDim() {
    }

    /** Bits per dimension from a total NLL: the one place the division happens. */
    public static double of(double nats, long images, int dimsPerImage) {
        return nats / (images * (double) dimsPerImage * LN2);
    }

    public static Evaluation evaluate(JavaSparkContext sc, JavaRDD<byte[]> images, ImageShape shape,
                                      ComputationGraph model, int batchSize) {
        long start = System.nanoTime();
        Broadcast<byte[]> modelBytes = sc.broadcast(ModelBytes.of(model, false));
        try {
            NllTotals totals = images
                    .mapPartitions(partition -> {
                        if (!partition.hasNext()) {
                            return Collections.emptyIterator();
                        }
                        ComputationGraph local = ModelBytes.restore(modelBytes.value(), false);
                        NllTotals sums = ImageNll.addAll(local, partition, shape, batchSize, NllTotals.empty(shape.dims()));
                        return Collections.singletonList(sums).iterator();
                    })
                    .fold(NllTotals.empty(shape.dims()), NllTotals::merge);
            return Evaluation.of(totals, images.getNumPartitions(), (System.nanoTime() - start) / 1e9);
        } finally {
            modelBytes.destroy();
        }
    }
}
