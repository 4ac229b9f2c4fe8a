package io.pixelcnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.AdamMemory;
import io.pixelcnn.config.LearningRateScaling;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.SoftmaxLikelihood;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.TestImages;
import io.pixelcnn.train.ScheduledLearningRate;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

/**
 * bench's budget run trains as {@code train} does with the same options: its replicas warm up and keep Adam's
 * memory in images, so "train's defaults" in a ten-minute figure are train's whatever the defaults become.
 */
class BudgetRunTest {

    private static final int WARMUP_STEPS = 5;
    private static final double LEARNING_RATE = 2e-3;

    @Test
    void theBudgetRunsTwoReplicasWarmUpAtTwiceTheRateWithAdamsMemoryInImages(@TempDir Path data, @TempDir Path logs)
            throws Exception {
        TestImages.idx(data.resolve("train-images-idx3-ubyte.gz"), FashionMnist.images(FashionMnist.TRAIN_IMAGES, 200),
                FashionMnist.SIDE, FashionMnist.SIDE, true);
        TestImages.idx(data.resolve("t10k-images-idx3-ubyte.gz"), FashionMnist.images(FashionMnist.TEST_IMAGES, 16),
                FashionMnist.SIDE, FashionMnist.SIDE, true);
        BenchSettings settings = new BenchSettings(ModelFamily.PIXELCNN, SoftmaxLikelihood.INSTANCE, 4, 1, 8, 2, 2,
                LEARNING_RATE, LearningRateScaling.LINEAR, WARMUP_STEPS, AdamMemory.IMAGES, 1, 64, 16, 1, 4, 0, 48, 2, 4,
                data.toString(), logs.toString());

        Map<String, Object> result = Probe.trainForBudget(settings, new TrainingBudget.Images(48), "budget-images");

        assertEquals(48L, ((Number) result.get("train_images")).longValue());
        ComputationGraph trained = ModelSerializer.restoreComputationGraph(
                logs.resolve("budget-images-pixelcnn.zip").toFile(), false);
        int adams = 0;
        for (org.deeplearning4j.nn.api.Layer layer : trained.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf && conf.getIUpdater() instanceof Adam adam) {
                assertEquals(0.999 * 0.999, adam.getBeta2(), 1e-15, "two replicas' beta2 in images");
                ScheduledLearningRate rate = assertInstanceOf(ScheduledLearningRate.class, adam.getLearningRateSchedule());
                double replicaRate = 2 * LEARNING_RATE; // linear scaling, two replicas
                assertEquals(replicaRate / WARMUP_STEPS, rate.rateAt(0), 1e-15, "the first step's rate");
                assertEquals(replicaRate, rate.rateAt(WARMUP_STEPS - 1), 1e-15, "the warm-up's last step");
                assertEquals(replicaRate, rate.rateAt(1_000_000), 1e-15, "constant after it");
                adams++;
            }
        }
        assertTrue(adams > 0, "the model has Adam updaters");
    }
}
