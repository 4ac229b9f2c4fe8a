package io.pixelcnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.AdamMemory;
import io.pixelcnn.config.LearningRateScaling;
import io.pixelcnn.config.OuterOptimizerConfig;
import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelBytes;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The outer optimizer inside Spark's parameter averaging, two workers on local[2]: learning rate 1 with
 * momentum 0 leaves DL4J's averaging bit for bit, and the velocity lives across the per-epoch rebuild of
 * DL4J's training master (a trainer given the first epoch's velocity continues exactly).
 */
class OuterAveragingTest {

    private static final ImageShape SHAPE = new ImageShape(1, FashionMnist.SIDE, FashionMnist.SIDE);
    private static final ModelConfig ARCHITECTURE = new ModelConfig(ModelFamily.PIXELCNN, 8, 1, 5, 3);
    private static final int IMAGES = 16 * 2 * 3 * 3; // batch 16, two workers, three minibatches a round, three rounds
    private static final long SEED = 11;
    private static JavaSparkContext sc;
    private static ImageData train;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("outer-averaging-test");
        train = ImageData.load(sc, DatasetSpec.of(FashionMnist.TRAIN_IMAGES.toString(), IMAGES), 2, 3);
    }

    @AfterAll
    static void stop() {
        train.close();
        sc.stop();
    }

    @Test
    void learningRateOneAndMomentumZeroIsDl4jsAveragingBitForBit() {
        TrainConfig plain = config(new OuterOptimizerConfig(1.0, 0.0, false));
        ComputationGraph withoutOuter = model();
        new SparkTrainer(sc, plain, SHAPE, (OuterOptimizer) null).fitEpoch(withoutOuter, train.images(), 1);
        ComputationGraph withPlainOuter = model();
        new SparkTrainer(sc, plain, SHAPE).fitEpoch(withPlainOuter, train.images(), 1);

        assertArrayEquals(withoutOuter.params().toFloatVector(), withPlainOuter.params().toFloatVector());
        assertTrue(withoutOuter.params().sub(model().params()).norm2Number().doubleValue() > 0.01, "it trained");
    }

    @Test
    void theVelocityOutlivesTheEpochsTrainingMasterAndAResumedTrainerContinuesIt() {
        TrainConfig nesterov = config(new OuterOptimizerConfig(0.8, 0.6, false));
        // two epochs with one trainer, as a run does: a new DL4J master each epoch, one outer optimizer
        ComputationGraph uninterrupted = model();
        SparkTrainer trainer = new SparkTrainer(sc, nesterov, SHAPE);
        trainer.fitEpoch(uninterrupted, train.images(), 1);
        byte[] checkpoint = ModelBytes.of(uninterrupted, true);
        INDArray velocity = trainer.outerVelocity().orElseThrow().dup();
        trainer.fitEpoch(uninterrupted, train.images(), 2);

        // the second epoch by a new trainer given the first epoch's velocity: what --resume does
        ComputationGraph resumed = ModelBytes.restore(checkpoint, true);
        new SparkTrainer(sc, nesterov, SHAPE, Optional.of(velocity)).fitEpoch(resumed, train.images(), 2);
        assertArrayEquals(uninterrupted.params().toFloatVector(), resumed.params().toFloatVector());

        // the velocity matters: without it the same second epoch ends elsewhere
        ComputationGraph forgetful = ModelBytes.restore(checkpoint, true);
        new SparkTrainer(sc, nesterov, SHAPE).fitEpoch(forgetful, train.images(), 2);
        double apart = forgetful.params().sub(uninterrupted.params()).norm2Number().doubleValue();
        assertTrue(apart > 1e-4, "a second epoch without the velocity ends " + apart + " from the one with it");

        // and the outer step is not plain averaging: plain ends elsewhere after one epoch
        ComputationGraph plain = model();
        new SparkTrainer(sc, config(OuterOptimizerConfig.PLAIN), SHAPE).fitEpoch(plain, train.images(), 1);
        ComputationGraph outerAfterOne = ModelBytes.restore(checkpoint, false);
        assertTrue(plain.params().sub(outerAfterOne.params()).norm2Number().doubleValue() > 1e-3);
    }

    /** linear scaling with two replicas is the same training as every replica at twice the rate, bit for bit. */
    @Test
    void linearScalingGivesEachOfTwoReplicasTwiceTheLearningRate() {
        TrainConfig scaled = new TrainConfig(1, 16, 3, 0, 1e-3, SEED, 2, 0, OuterOptimizerConfig.PLAIN,
                LearningRateScaling.LINEAR);
        ComputationGraph byRule = ModelBuilder.build(ARCHITECTURE, SHAPE, 1e-3, SEED);
        new SparkTrainer(sc, scaled, SHAPE).fitEpoch(byRule, train.images(), 1);
        ComputationGraph byHand = ModelBuilder.build(ARCHITECTURE, SHAPE, 2e-3, SEED);
        new SparkTrainer(sc, new TrainConfig(1, 16, 3, 0, 2e-3, SEED, 2, 0), SHAPE).fitEpoch(byHand, train.images(), 1);
        assertArrayEquals(byHand.params().toFloatVector(), byRule.params().toFloatVector());
        for (org.deeplearning4j.nn.api.Layer layer : byRule.getLayers()) {
            if (layer.numParams() > 0) {
                assertEquals(2e-3, byRule.getLearningRate(layer.conf().getLayer().getLayerName()), 1e-12);
            }
        }

        ComputationGraph unscaled = ModelBuilder.build(ARCHITECTURE, SHAPE, 1e-3, SEED);
        new SparkTrainer(sc, scaled.withLearningRate(1e-3).withScaling(LearningRateScaling.NONE), SHAPE)
                .fitEpoch(unscaled, train.images(), 1);
        assertTrue(unscaled.params().sub(byRule.params()).norm2Number().doubleValue() > 1e-3);
    }

    /**
     * adam-memory=images gives each of two replicas beta2 = 0.999^2, and the replicas train with it (the
     * driver only averages: the parameters move only if the workers' Adam did); one replica is left as it was.
     */
    @Test
    void adamMemoryInImagesGivesTwoReplicasBeta2SquaredAndLeavesOneReplicaBitForBit() {
        TrainConfig steps = config(OuterOptimizerConfig.PLAIN);
        ComputationGraph byRule = model();
        new SparkTrainer(sc, steps.withAdamMemory(AdamMemory.IMAGES), SHAPE).fitEpoch(byRule, train.images(), 1);
        ComputationGraph restored = ModelBytes.restore(ModelBytes.of(byRule, true), true);
        int adams = 0;
        for (org.deeplearning4j.nn.api.Layer layer : restored.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf && conf.getIUpdater() instanceof Adam adam) {
                assertEquals(0.999 * 0.999, adam.getBeta2(), 1e-15, "the saved model's beta2");
                adams++;
            }
        }
        assertTrue(adams > 0, "the model has Adam updaters");
        assertEquals(Adam.DEFAULT_ADAM_BETA2_VAR_DECAY, AdamMemory.ONE_MODEL_BETA2, 0.0, "config's one-model beta2 is DL4J's");
        ComputationGraph atSteps = model();
        new SparkTrainer(sc, steps, SHAPE).fitEpoch(atSteps, train.images(), 1);
        double apart = atSteps.params().sub(byRule.params()).norm2Number().doubleValue();
        assertTrue(apart > 1e-4, "the replicas' beta2 changed their training: " + apart);

        TrainConfig oneReplica = steps.withWorkers(1);
        ComputationGraph oneAtSteps = model();
        new SparkTrainer(sc, oneReplica, SHAPE).fitEpoch(oneAtSteps, train.images(), 1);
        ComputationGraph oneInImages = model();
        new SparkTrainer(sc, oneReplica.withAdamMemory(AdamMemory.IMAGES), SHAPE).fitEpoch(oneInImages, train.images(), 1);
        assertArrayEquals(oneAtSteps.params().toFloatVector(), oneInImages.params().toFloatVector());
    }

    private static TrainConfig config(OuterOptimizerConfig outer) {
        return new TrainConfig(2, 16, 3, 0, 3e-3, SEED, 2, 0, outer);
    }

    private static ComputationGraph model() {
        return ModelBuilder.build(ARCHITECTURE, SHAPE, 3e-3, SEED);
    }
}
