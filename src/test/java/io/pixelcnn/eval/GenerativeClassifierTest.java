package io.pixelcnn.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.LabelledImage;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.LocalSpark;
import io.pixelcnn.testing.ThreeClasses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The generative classifier's parts: the prior (add-one smoothed, applied), and the per-class
 * log-likelihoods the executors compute against the model scored directly on the driver.
 */
class GenerativeClassifierTest {

    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);

    @TempDir
    Path dir;

    @Test
    void thePriorIsTheTrainingFrequencyAddOneSmoothedSoAnUnseenClassStaysPossible() {
        ClassList classes = new ClassList(List.of("a", "b", "c"), List.of(0L, 3L, 1L));
        // by hand: (count + 1) / (total + K) = 1/7, 4/7, 2/7
        assertArrayEquals(new double[]{Math.log(1 / 7.0), Math.log(4 / 7.0), Math.log(2 / 7.0)},
                GenerativeClassifier.logPrior(classes), 1e-12);
        assertTrue(Double.isFinite(GenerativeClassifier.logPrior(classes)[0]), "a class of count 0 is not -infinity");
    }

    @Test
    void thePriorDecidesBetweenClassesWhoseLikelihoodsAreClose() {
        double[] likelihoods = {-100.0, -101.0};
        double[] even = GenerativeClassifier.logPrior(new ClassList(List.of("a", "b"), List.of(50L, 50L)));
        assertEquals(0, GenerativeClassifier.predict(likelihoods, even), "an even prior: the likelier image wins");
        // by hand: log(100/102) - log(2/102) = log 50 = 3.91 nats outweighs the 1 nat of likelihood
        double[] skewed = GenerativeClassifier.logPrior(new ClassList(List.of("a", "b"), List.of(1L, 99L)));
        assertEquals(1, GenerativeClassifier.predict(likelihoods, skewed), "the prior of b outweighs 1 nat");
        // and not beyond: at 4 nats apart the likelihood wins again
        assertEquals(0, GenerativeClassifier.predict(new double[]{-100.0, -104.0}, skewed));
    }

    @Test
    void theExecutorsLogLikelihoodsOfEveryClassAreTheModelsScoredOnTheDriver() throws Exception {
        ThreeClasses.Corpus corpus = ThreeClasses.write(dir, "t10k", 4, 1);
        ComputationGraph model = slightlyTrained(corpus);
        List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < corpus.pixels().size(); i++) {
            images.add(new LabelledImage(corpus.pixels().get(i), corpus.labels().get(i)));
        }
        List<ClassLikelihoods> distributed;
        try (JavaSparkContext sc = LocalSpark.start("generative-classifier-test")) {
            distributed = GenerativeClassifier.logLikelihoods(sc, sc.parallelize(images, 2), SHAPE, model, 3, 5)
                    .collect();
        }
        assertEquals(images.size(), distributed.size());
        boolean classesDiffer = false;
        for (int i = 0; i < images.size(); i++) {
            assertEquals(corpus.labels().get(i), distributed.get(i).label());
            for (int y = 0; y < 3; y++) {
                double direct = -directNats(model, corpus.pixels().get(i), y);
                assertEquals(direct, distributed.get(i).logLikelihood(y), 1e-5, "image " + i + ", class " + y);
            }
            classesDiffer |= Math.abs(distributed.get(i).logLikelihood(0) - distributed.get(i).logLikelihood(1)) > 1e-3;
        }
        assertTrue(classesDiffer, "the class input changes the likelihood: each class was really scored");
    }

    /** A conditional model fitted for a few steps, so that its class biases differ from each other. */
    private static ComputationGraph slightlyTrained(ThreeClasses.Corpus corpus) {
        ComputationGraph model = ModelBuilder.build(new ModelConfig(ModelFamily.PIXELCNN, 8, 1, 5, 3).conditionedOn(3),
                SHAPE, 1e-2, 7);
        INDArray pixels = Batches.pixels(corpus.pixels(), SHAPE);
        MultiDataSet batch = new MultiDataSet(new INDArray[]{pixels, Batches.oneHot(corpus.labels(), 3)},
                new INDArray[]{pixels});
        for (int step = 0; step < 5; step++) {
            model.fit(batch);
        }
        return model;
    }

    /** -log p(x | y) of one image, straight from DL4J: the image alone, its class input one-hot y. */
    private static double directNats(ComputationGraph model, byte[] image, int y) {
        INDArray pixels = Nd4j.create(DataType.UINT8, 1, 1, 28, 28);
        for (int p = 0; p < image.length; p++) {
            pixels.putScalar(new long[]{0, 0, p / 28, p % 28}, image[p] & 0xff);
        }
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 1, 3).putScalar(0, y, 1f);
        return model.scoreExamples(new MultiDataSet(new INDArray[]{pixels, oneHot}, new INDArray[]{pixels}), false)
                .getDouble(0);
    }
}
