package io.pixelcnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Parameter averaging with a single worker is plain training: the worker continues the model's count of
 * updates from round to round (Adam's bias correction depends on it), so an epoch on Spark leaves exactly
 * the parameters that fitting its minibatches in one JVM, in the same order, does.
 */
class ContinuingAveragingMasterTest {

    private static final ImageShape SHAPE = new ImageShape(1, FashionMnist.SIDE, FashionMnist.SIDE);
    private static final int BATCH = 16;
    private static final int AVERAGING_FREQUENCY = 3;
    private static final int MINIBATCHES = 12;
    /** What the worker saw, in order; the hook runs in this JVM (local mode), on a deserialised copy. */
    private static final Queue<INDArray> MINIBATCHES_SEEN = new ConcurrentLinkedQueue<>();
    private static final Queue<Integer> COUNTS_AFTER_STEP = new ConcurrentLinkedQueue<>();
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("continuing-averaging-test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void oneWorkersEpochOnSparkIsTheSameStepsAsOneJvm() {
        ModelConfig architecture = new ModelConfig(ModelFamily.PIXELCNN, 8, 1, 5, 3);
        TrainConfig config = new TrainConfig(1, BATCH, AVERAGING_FREQUENCY, 0, 1e-2, 3, 1, 0);
        ComputationGraph onSpark = ModelBuilder.build(architecture, SHAPE, config.learningRate(), 3);
        try (ImageData train = ImageData.load(sc, DatasetSpec.of(FashionMnist.TRAIN_IMAGES.toString(),
                BATCH * MINIBATCHES), 1, 3)) {
            new SparkTrainer(sc, config, SHAPE).fitEpoch(onSpark, train.images(), 0, new Recorder());
        }

        List<Integer> expectedCounts = IntStream.rangeClosed(1, MINIBATCHES).boxed().toList();
        // DL4J's own worker restarts at 1 every round: 1, 2, 3, 1, 2, 3, ...
        assertEquals(expectedCounts, new ArrayList<>(COUNTS_AFTER_STEP), "the worker's update count after each step");
        assertEquals(MINIBATCHES, onSpark.getConfiguration().getIterationCount(), "the driver's count after the epoch");

        ComputationGraph inOneJvm = ModelBuilder.build(architecture, SHAPE, config.learningRate(), 3);
        for (INDArray pixels : MINIBATCHES_SEEN) {
            inOneJvm.fit(new DataSet(pixels, pixels));
        }
        double difference = inOneJvm.params().sub(onSpark.params()).norm2Number().doubleValue();
        double moved = inOneJvm.params().sub(ModelBuilder.build(architecture, SHAPE, config.learningRate(), 3).params())
                .norm2Number().doubleValue();
        assertTrue(moved > 0.1, "training moved the parameters by " + moved);
        assertTrue(difference < 1e-4 * moved, "Spark and one JVM differ by " + difference + " after moving " + moved);
    }

    /** Records every minibatch the worker fits and its model's update count after the step. */
    private static final class Recorder implements TrainingHook {

        private static final long serialVersionUID = 1L;

        @Override
        public void preUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
            MINIBATCHES_SEEN.add(minibatch.getFeatures().dup());
        }

        @Override
        public void postUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
            COUNTS_AFTER_STEP.add(((ComputationGraph) model).getConfiguration().getIterationCount());
        }

        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            MINIBATCHES_SEEN.add(minibatch.getFeatures(0).dup());
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {
            COUNTS_AFTER_STEP.add(((ComputationGraph) model).getConfiguration().getIterationCount());
        }
    }
}
