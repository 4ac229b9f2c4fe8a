package io.pixelcnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.LearningRateScaling;
import io.pixelcnn.config.LearningRateSchedule;
import io.pixelcnn.config.OuterOptimizerConfig;
import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.util.NetworkUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The learning rate each worker's Adam takes at every step of real parameter averaging on local[2], read
 * back from the worker's model before the step, equals the schedule's formula, written out here again
 * independently of {@link ScheduledLearningRate}.
 */
class ScheduledLearningRateTest {

    private static final ImageShape SHAPE = new ImageShape(1, FashionMnist.SIDE, FashionMnist.SIDE);
    private static final ModelConfig ARCHITECTURE = new ModelConfig(ModelFamily.PIXELCNN, 8, 1, 5, 3);
    private static final int BATCH = 16;
    private static final int AVERAGING_FREQUENCY = 3;
    private static final int WORKERS = 2;
    /** About 12 minibatches an epoch (the partitions' shares vary a little), in 2 rounds of 3 steps a worker: 6 steps. */
    private static final int IMAGES = BATCH * 12;
    private static final int STEPS_PER_EPOCH = 6;
    private static final int EPOCHS = 3;
    private static final double RATE = 2e-3;
    private static final double MIN = 1e-4;
    private static final int WARMUP = 4;
    /** (update count, rate) of every step of every worker; the hook runs in this JVM (local mode). */
    private static final ConcurrentLinkedQueue<double[]> SEEN = new ConcurrentLinkedQueue<>();
    private static JavaSparkContext sc;
    private static ImageData train;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("scheduled-learning-rate-test");
        train = ImageData.load(sc, DatasetSpec.of(FashionMnist.TRAIN_IMAGES.toString(), IMAGES), WORKERS, 3);
    }

    @AfterAll
    static void stop() {
        train.close();
        sc.stop();
    }

    @Test
    void everyStepOfEveryWorkerTakesTheCosineScheduleWithWarmup() {
        Map<Integer, Double> rates = trainAndRecord(new LearningRateSchedule(LearningRateSchedule.Shape.COSINE, WARMUP,
                MIN, 1, 0.1), LearningRateScaling.NONE);
        double total = EPOCHS * STEPS_PER_EPOCH;
        for (int step = 0; step < total; step++) {
            double expected = step < WARMUP ? RATE * (step + 1) / WARMUP
                    : MIN + (RATE - MIN) * 0.5 * (1 + Math.cos(Math.PI * (step - WARMUP) / (total - 1 - WARMUP)));
            assertEquals(expected, rates.get(step), 1e-12, "step " + step);
        }
        assertEquals(RATE / WARMUP, rates.get(0), 1e-12, "the first step already moves");
        assertEquals(MIN, rates.get((int) total - 1), 1e-15, "the last step takes the floor");
    }

    @Test
    void theCooldownHoldsTheRateThenFallsLinearlyToTheFloorOverTheRunsLastShare() {
        // a third of the 18 steps: 6 at the end fall, the 8 after the warm-up hold the rate
        Map<Integer, Double> rates = trainAndRecord(new LearningRateSchedule(LearningRateSchedule.Shape.COOLDOWN, WARMUP,
                MIN, 1, 0.1, 1.0 / 3), LearningRateScaling.NONE);
        int total = EPOCHS * STEPS_PER_EPOCH;
        int cooldown = total / 3;
        for (int step = 0; step < total; step++) {
            int left = total - 1 - step;
            double expected = step < WARMUP ? RATE * (step + 1) / WARMUP
                    : left >= cooldown ? RATE : MIN + (RATE - MIN) * left / cooldown;
            assertEquals(expected, rates.get(step), 1e-12, "step " + step);
        }
        assertEquals(RATE, rates.get(total - cooldown - 1), 1e-15, "the last step before the cool-down holds the rate");
        assertTrue(rates.get(total - cooldown) < RATE, "the cool-down's first step is below the rate");
        assertEquals(MIN, rates.get(total - 1), 1e-15, "the last step takes the floor");
    }

    @Test
    void stepDecayFollowsTheEpochsAndTheReplicaRateOfLearningRateScaling() {
        // linear scaling with two workers: the schedule starts from 2 x learning-rate
        Map<Integer, Double> rates = trainAndRecord(new LearningRateSchedule(LearningRateSchedule.Shape.STEP, 0,
                0, 1, 0.5), LearningRateScaling.LINEAR);
        for (int step = 0; step < EPOCHS * STEPS_PER_EPOCH; step++) {
            assertEquals(WORKERS * RATE * Math.pow(0.5, step / STEPS_PER_EPOCH), rates.get(step), 1e-12, "step " + step);
        }
    }

    @Test
    void aScheduleObjectThatNeverMovesTrainsExactlyAsThePlainRate() {
        TrainConfig plain = new TrainConfig(2, BATCH, AVERAGING_FREQUENCY, 0, RATE, 5, WORKERS, 0);
        ComputationGraph plainNumber = model();
        SparkTrainer trainer = new SparkTrainer(sc, plain, SHAPE);
        // step decay by a factor of 1: the rate never moves, but the workers' Adam asks the schedule object
        TrainConfig still = plain.withSchedule(new LearningRateSchedule(LearningRateSchedule.Shape.STEP, 0, 0, 1, 1.0));
        ComputationGraph asSchedule = model();
        SparkTrainer scheduled = new SparkTrainer(sc, still, SHAPE);
        scheduled.scheduleOver(12);
        for (int epoch = 1; epoch <= 2; epoch++) {
            trainer.fitEpoch(plainNumber, train.images(), epoch);
            scheduled.fitEpoch(asSchedule, train.images(), epoch);
        }
        assertTrue(NetworkUtils.getLearningRate(plainNumber, paramLayer(plainNumber)) == RATE);
        assertArrayEquals(plainNumber.params().toFloatVector(), asSchedule.params().toFloatVector());
        assertTrue(plainNumber.params().sub(model().params()).norm2Number().doubleValue() > 0.01, "it trained");
    }

    private Map<Integer, Double> trainAndRecord(LearningRateSchedule schedule, LearningRateScaling scaling) {
        SEEN.clear();
        TrainConfig config = new TrainConfig(EPOCHS, BATCH, AVERAGING_FREQUENCY, 0, RATE, 5, WORKERS, 0,
                OuterOptimizerConfig.PLAIN, scaling).withSchedule(schedule);
        SparkTrainer trainer = new SparkTrainer(sc, config, SHAPE);
        long minibatches = trainer.minibatchesPerEpoch(train.images());
        assertEquals(STEPS_PER_EPOCH, SparkTrainer.stepsPerEpoch(minibatches, AVERAGING_FREQUENCY, WORKERS));
        trainer.scheduleOver(minibatches);
        ComputationGraph model = model();
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            trainer.fitEpoch(model, train.images(), epoch, new RateRecorder());
        }
        assertEquals(EPOCHS * STEPS_PER_EPOCH, model.getConfiguration().getIterationCount());
        Map<Integer, Double> byStep = new TreeMap<>();
        for (double[] seen : SEEN) {
            Double other = byStep.put((int) seen[0], seen[1]);
            assertTrue(other == null || other == seen[1], "both workers take the same rate at step " + (int) seen[0]);
        }
        assertEquals(EPOCHS * STEPS_PER_EPOCH, byStep.size(), "every step seen: " + byStep.keySet());
        assertEquals(2 * EPOCHS * STEPS_PER_EPOCH, SEEN.size(), "two workers, every step");
        return byStep;
    }

    private static ComputationGraph model() {
        return ModelBuilder.build(ARCHITECTURE, SHAPE, RATE, 5);
    }

    /** A layer with parameters, so with an updater whose rate can be read. */
    private static String paramLayer(ComputationGraph model) {
        for (Layer layer : model.getLayers()) {
            if (layer.numParams() > 0) {
                return layer.conf().getLayer().getLayerName();
            }
        }
        throw new AssertionError("no layer with parameters");
    }

    /** Before every step: the worker's update count and the rate its Adam will take for the step. */
    private static final class RateRecorder implements TrainingHook {

        private static final long serialVersionUID = 1L;

        @Override
        public void preUpdate(DataSet minibatch, Model model) {
            record((ComputationGraph) model);
        }

        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            record((ComputationGraph) model);
        }

        private static void record(ComputationGraph model) {
            SEEN.add(new double[]{model.getConfiguration().getIterationCount(),
                    NetworkUtils.getLearningRate(model, paramLayer(model))});
        }

        @Override
        public void postUpdate(DataSet minibatch, Model model) {
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {
        }
    }
}
