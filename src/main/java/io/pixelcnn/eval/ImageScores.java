package io.pixelcnn.eval;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.LabelledImage;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.ModelBytes;
import io.pixelcnn.model.ModelGraph;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import scala.Tuple2;

/**
 * Per-image likelihoods of a whole dataset, computed where the images are: each executor restores the
 * model once per partition and scores its images in minibatches.
 */
public final class ImageScores {

    private ImageScores() {
    }

    /** The scores, cached (memory, then disk) and already computed; release them with {@code unpersist}. */
    public static JavaRDD<ImageScore> score(JavaSparkContext sc, JavaPairRDD<String, byte[]> images, ImageShape shape,
                                            ComputationGraph model, int batchSize) {
        // not destroyed here: a lost cached partition is recomputed from it; Spark's cleaner frees it later
        Broadcast<byte[]> modelBytes = sc.broadcast(ModelBytes.of(model, false));
        JavaRDD<ImageScore> scores = images
                .mapPartitions(partition -> scorePartition(ModelBytes.restore(modelBytes.value(), false),
                        partition, shape, batchSize))
                .persist(StorageLevel.MEMORY_AND_DISK());
        scores.count();
        return scores;
    }

    /**
     * Like {@link #score}, for a class-conditional model of {@code modelClasses}: each image scored given its
     * own class ({@link ImageData#labelledAs}), whose name its score carries.
     */
    public static JavaRDD<ImageScore> scoreLabelled(JavaSparkContext sc, ImageData images, ClassList modelClasses,
                                                    ComputationGraph model, int batchSize) {
        ImageShape shape = images.shape();
        // the same images in the same partitions and order (both from the one cached dataset): zip pairs them
        JavaPairRDD<String, LabelledImage> named = images.named().zip(images.labelledAs(modelClasses))
                .mapToPair(pair -> new Tuple2<>(pair._1()._1(), pair._2()));
        Broadcast<byte[]> modelBytes = sc.broadcast(ModelBytes.of(model, false));
        JavaRDD<ImageScore> scores = named
                .mapPartitions(partition -> scoreLabelledPartition(ModelBytes.restore(modelBytes.value(), false),
                        partition, modelClasses, shape, batchSize))
                .persist(StorageLevel.MEMORY_AND_DISK());
        scores.count();
        return scores;
    }

    private static Iterator<ImageScore> scoreLabelledPartition(ComputationGraph model,
                                                               Iterator<Tuple2<String, LabelledImage>> images,
                                                               ClassList classes, ImageShape shape, int batchSize) {
        List<Tuple2<String, LabelledImage>> all = new ArrayList<>();
        images.forEachRemaining(all::add);
        Iterator<MultiDataSet> batches = Batches.labelled(all.stream().map(Tuple2::_2).iterator(), shape,
                classes.size(), batchSize);
        List<ImageScore> scores = new ArrayList<>(all.size());
        while (batches.hasNext()) {
            for (double nats : ImageNll.of(model, batches.next())) {
                Tuple2<String, LabelledImage> image = all.get(scores.size());
                scores.add(new ImageScore(image._1(), nats, shape.dims(), image._2().pixels(),
                        classes.names().get(image._2().label())));
            }
        }
        return scores.iterator();
    }

    private static Iterator<ImageScore> scorePartition(ComputationGraph model, Iterator<Tuple2<String, byte[]>> images,
                                                       ImageShape shape, int batchSize) {
        return inBatches(model, images, Tuple2::_2, shape, batchSize).stream()
                .map(scored -> new ImageScore(scored.item()._1(), scored.nats(), shape.dims(), scored.item()._2()))
                .iterator();
    }

    /** An item and the NLL of its image in nats; NaN for an item without an image (a malformed one). */
    public record Scored<T>(T item, double nats) {
    }

    /**
     * Each item's image scored {@code batchSize} images per forward pass, in the items' order; an item whose
     * {@code pixels} are null (a malformed image kept in its place) is handed back with NaN.
     */
    public static <T> List<Scored<T>> inBatches(ComputationGraph model, Iterator<T> items, Function<T, byte[]> pixels,
                                                ImageShape shape, int batchSize) {
        return inBatches(items, pixels, batchSize, batch -> {
            var array = Batches.pixels(batch.stream().map(pixels).toList(), shape);
            return ImageNll.of(model, new DataSet(array, array));
        });
    }

    /**
     * Like {@link #inBatches(ComputationGraph, Iterator, Function, ImageShape, int)}, for a class-conditional
     * model: each item's image given its class {@code classOf} (an index into the model's classes).
     */
    public static <T> List<Scored<T>> inLabelledBatches(ComputationGraph model, Iterator<T> items,
                                                        Function<T, byte[]> pixels, ToIntFunction<T> classOf,
                                                        ImageShape shape, int batchSize) {
        int classes = ModelGraph.classes(model.getConfiguration());
        return inBatches(items, pixels, batchSize, batch -> ImageNll.of(model, Batches.labelled(batch.stream()
                .map(item -> new LabelledImage(pixels.apply(item), classOf.applyAsInt(item))).iterator(), shape,
                classes, batch.size()).next()));
    }

    private static <T> List<Scored<T>> inBatches(Iterator<T> items, Function<T, byte[]> pixels, int batchSize,
                                                 Function<List<T>, double[]> nll) {
        List<Scored<T>> scored = new ArrayList<>();
        List<T> batch = new ArrayList<>(batchSize);
        while (items.hasNext()) {
            T item = items.next();
            if (pixels.apply(item) == null) {
                scoreBatch(batch, nll, scored);
                scored.add(new Scored<>(item, Double.NaN));
                continue;
            }
            batch.add(item);
            if (batch.size() == batchSize) {
                scoreBatch(batch, nll, scored);
            }
        }
        scoreBatch(batch, nll, scored);
        return scored;
    }

    private static <T> void scoreBatch(List<T> batch, Function<List<T>, double[]> nll, List<Scored<T>> into) {
        if (batch.isEmpty()) {
            return;
        }
        double[] nats = nll.apply(batch);
        for (int i = 0; i < nats.length; i++) {
            into.add(new Scored<>(batch.get(i), nats[i]));
        }
        batch.clear();
    }
}
