package io.pixelcnn.eval;

import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.LabelledImage;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.ModelBytes;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
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
        return evaluate(sc, images, shape, model,
                (local, partition, totals) -> ImageNll.addAll(local, partition, shape, batchSize, totals));
    }

    /**
     * Bits/dim of a dataset under a model of {@code modelClasses}: a class-conditional model scores each image
     * given its own class ({@link ImageData#labelledAs} the model's classes), an unconditional one (empty) the
     * images alone. The dataset must have been read with labels for a conditional model.
     */
    public static Evaluation evaluate(JavaSparkContext sc, ImageData images, Optional<ClassList> modelClasses,
                                      ComputationGraph model, int batchSize) {
        return evaluate(sc, images, modelClasses, model, batchSize, null);
    }

    /**
     * Like {@link #evaluate(JavaSparkContext, ImageData, Optional, ComputationGraph, int)}, adding each image
     * to {@code scored} as an executor scores it (a progress counter; null: not counted).
     */
    public static Evaluation evaluate(JavaSparkContext sc, ImageData images, Optional<ClassList> modelClasses,
                                      ComputationGraph model, int batchSize, LongAccumulator scored) {
        ImageShape shape = images.shape();
        return modelClasses.isEmpty() ? evaluate(sc, counted(images.images(), scored), shape, model, batchSize)
                : evaluateLabelled(sc, counted(images.labelledAs(modelClasses.get()), scored), shape, model, batchSize);
    }

    /** {@code items}, each added to {@code counter} as a task takes it (null: {@code items} themselves). */
    static <T> JavaRDD<T> counted(JavaRDD<T> items, LongAccumulator counter) {
        return counter == null ? items : items.map(item -> {
            counter.add(1);
            return item;
        });
    }

    /** Like {@link #evaluate}, for a class-conditional model: each image scored given its own class. */
    public static Evaluation evaluateLabelled(JavaSparkContext sc, JavaRDD<LabelledImage> images, ImageShape shape,
                                              ComputationGraph model, int batchSize) {
        return evaluate(sc, images, shape, model,
                (local, partition, totals) -> ImageNll.addAllLabelled(local, partition, shape, batchSize, totals));
    }

    /** How a partition's items add their NLL to the sums, on an executor. */
    private interface PartitionNll<T> extends Serializable {
        NllTotals addAll(ComputationGraph model, Iterator<T> items, NllTotals totals);
    }

    private static <T> Evaluation evaluate(JavaSparkContext sc, JavaRDD<T> items, ImageShape shape,
                                           ComputationGraph model, PartitionNll<T> nll) {
        long start = System.nanoTime();
        Broadcast<byte[]> modelBytes = sc.broadcast(ModelBytes.of(model, false));
        try {
            NllTotals totals = items
                    .mapPartitions(partition -> {
                        if (!partition.hasNext()) {
                            return Collections.emptyIterator();
                        }
                        ComputationGraph local = ModelBytes.restore(modelBytes.value(), false);
                        NllTotals sums = nll.addAll(local, partition, NllTotals.empty(shape.dims()));
                        return Collections.singletonList(sums).iterator();
                    })
                    .fold(NllTotals.empty(shape.dims()), NllTotals::merge);
            return Evaluation.of(totals, items.getNumPartitions(), (System.nanoTime() - start) / 1e9);
        } finally {
            modelBytes.destroy();
        }
    }
}
