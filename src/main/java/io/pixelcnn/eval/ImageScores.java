package io.pixelcnn.eval;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelBytes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
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

    private static Iterator<ImageScore> scorePartition(ComputationGraph model, Iterator<Tuple2<String, byte[]>> images,
                                                       ImageShape shape, int batchSize) {
        List<ImageScore> scores = new ArrayList<>();
        List<Tuple2<String, byte[]>> batch = new ArrayList<>(batchSize);
        while (images.hasNext()) {
            batch.add(images.next());
            if (batch.size() == batchSize || !images.hasNext()) {
                List<byte[]> pixels = batch.stream().map(Tuple2::_2).toList();
                var array = Batches.pixels(pixels, shape);
                double[] nats = ImageNll.of(model, new DataSet(array, array));
                for (int i = 0; i < nats.length; i++) {
                    scores.add(new ImageScore(batch.get(i)._1(), nats[i], shape.dims(), batch.get(i)._2()));
                }
                batch.clear();
            }
        }
        return scores.iterator();
    }
}
