package io.pixelcnn.eval;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.LabelledImage;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.ModelBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * A class-conditional model used as a classifier: by Bayes' rule p(y | x) is proportional to p(x | y) p(y),
 * so the predicted class is the argmax over y of log p(x | y) + log p(y). log p(x | y) is the model's exact
 * likelihood with its class input set to each one-hot in turn (K forward passes per minibatch, on the
 * executors); log p(y) comes from the training images' class counts.
 *
 * <p>The prior is add-one (Laplace) smoothed, (count + 1) / (total + K): a class the training set never
 * showed keeps a small finite prior instead of log 0 = -infinity, which would silently rule it out whatever
 * its likelihood. With thousands of images per class the smoothing changes the prior by a negligible amount.
 */
public final class GenerativeClassifier {

    private GenerativeClassifier() {
    }

    /** log p(y) from the training counts, add-one smoothed (see the class comment). */
    public static double[] logPrior(ClassList classes) {
        int k = classes.size();
        double denominator = classes.total() + (double) k;
        double[] prior = new double[k];
        for (int y = 0; y < k; y++) {
            prior[y] = Math.log((classes.counts().get(y) + 1) / denominator);
        }
        return prior;
    }

    /** The class maximising log p(x | y) + log p(y); the lower index on a tie. */
    public static int predict(double[] logLikelihoods, double[] logPrior) {
        int best = 0;
        for (int y = 1; y < logLikelihoods.length; y++) {
            if (logLikelihoods[y] + logPrior[y] > logLikelihoods[best] + logPrior[best]) {
                best = y;
            }
        }
        return best;
    }

    /**
     * log p(x | y) in nats of every image of one minibatch under every class, {@code [image][class]}: plain
     * Java, the same on the driver and the executors.
     */
    public static double[][] logLikelihoods(ComputationGraph model, List<byte[]> images, ImageShape shape,
                                            int classes) {
        INDArray pixels = Batches.pixels(images, shape);
        double[][] result = new double[images.size()][classes];
        for (int y = 0; y < classes; y++) {
            INDArray oneHot = Batches.oneHot(Collections.nCopies(images.size(), y), classes);
            MultiDataSet batch = new MultiDataSet(new INDArray[]{pixels, oneHot}, new INDArray[]{pixels});
            double[] nats = ImageNll.of(model, batch);
            for (int i = 0; i < nats.length; i++) {
                result[i][y] = -nats[i];
            }
        }
        return result;
    }

    /**
     * Every image's log p(x | y) under every class, computed on the executors ({@code batchSize} images per
     * forward pass, one model per partition), in the images' partitions and order. Computed when an action
     * asks; the model travels as a broadcast the context releases when it stops.
     */
    public static JavaRDD<ClassLikelihoods> logLikelihoods(JavaSparkContext sc, JavaRDD<LabelledImage> images,
                                                           ImageShape shape, ComputationGraph model, int classes,
                                                           int batchSize) {
        return logLikelihoods(sc.broadcast(ModelBytes.of(model, false)), images, shape, classes, batchSize);
    }

    /**
     * Classifies every image on the executors, the prior from {@code classes}' training counts, and sums
     * the results in one aggregate: only the K x K counts and one sum come back to the driver.
     */
    public static Classification classify(JavaSparkContext sc, JavaRDD<LabelledImage> images, ImageShape shape,
                                          ComputationGraph model, ClassList classes, int batchSize) {
        return classify(sc, images, shape, model, classes, batchSize, null);
    }

    /** Like {@link #classify(JavaSparkContext, JavaRDD, ImageShape, ComputationGraph, ClassList, int)}, adding each
     * image to {@code classified} as an executor classifies it (a progress counter; null: not counted). */
    public static Classification classify(JavaSparkContext sc, JavaRDD<LabelledImage> images, ImageShape shape,
                                          ComputationGraph model, ClassList classes, int batchSize,
                                          LongAccumulator classified) {
        long start = System.nanoTime();
        int k = classes.size();
        double[] prior = logPrior(classes);
        Broadcast<byte[]> modelBytes = sc.broadcast(ModelBytes.of(model, false));
        try {
            ConfusionTotals totals = logLikelihoods(modelBytes, BitsPerDim.counted(images, classified), shape, k,
                    batchSize).aggregate(
                    ConfusionTotals.empty(k),
                    (sums, image) -> sums.add(image.label(), predict(image.logLikelihoods(), prior),
                            -image.logLikelihood(image.label())),
                    ConfusionTotals::merge);
            double[] priorProbabilities = Arrays.stream(prior).map(Math::exp).toArray();
            return new Classification(classes.names(), priorProbabilities, totals, shape.dims(),
                    images.getNumPartitions(), (System.nanoTime() - start) / 1e9, 0);
        } finally {
            modelBytes.destroy();
        }
    }

    private static JavaRDD<ClassLikelihoods> logLikelihoods(Broadcast<byte[]> modelBytes, JavaRDD<LabelledImage> images,
                                                            ImageShape shape, int classes, int batchSize) {
        return images.mapPartitions(partition -> partition.hasNext()
                ? scorePartition(ModelBytes.restore(modelBytes.value(), false), partition, shape, classes, batchSize)
                : Collections.emptyIterator());
    }

    private static Iterator<ClassLikelihoods> scorePartition(ComputationGraph model, Iterator<LabelledImage> images,
                                                             ImageShape shape, int classes, int batchSize) {
        List<ClassLikelihoods> scored = new ArrayList<>();
        while (images.hasNext()) {
            List<LabelledImage> batch = new ArrayList<>(batchSize);
            while (images.hasNext() && batch.size() < batchSize) {
                batch.add(images.next());
            }
            double[][] likelihoods = logLikelihoods(model, batch.stream().map(LabelledImage::pixels).toList(), shape,
                    classes);
            for (int i = 0; i < batch.size(); i++) {
                scored.add(new ClassLikelihoods(batch.get(i).label(), likelihoods[i]));
            }
        }
        return scored.iterator();
    }
}
