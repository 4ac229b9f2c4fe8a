package io.pixelcnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/** The driver's progress line, fed by the workers through Spark accumulators during a real epoch. */
class EpochProgressTest {

    private static final Pattern LINE = Pattern.compile(
            "epoch 1/3  step (\\d+)/20  (\\d+) images/s  train (\\d+\\.\\d{4}) bits/dim  lr 1\\.00e-03  ETA (\\S+)");

    @Test
    void reportsStepsImagesPerSecondTrainBitsAndEtaWhileTheEpochRuns() throws Exception {
        ImageShape shape = new ImageShape(1, FashionMnist.SIDE, FashionMnist.SIDE);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (JavaSparkContext sc = LocalSpark.start("progress")) {
            // a slow listener ahead of the progress's on Spark's listener bus: the last training task's end
            // reaches the progress seconds after the job ended, and the last line must count it all the same
            sc.sc().addSparkListener(new SlowToHearTheLastStep("epoch 1 steps", 20, 3_000));
            var images = sc.parallelize(FashionMnist.images(FashionMnist.TRAIN_IMAGES, 640), 2);
            // 2 workers x 32 images x averaging every 2 minibatches: 5 rounds, each reaching the driver
            SparkTrainer trainer = new SparkTrainer(sc, new TrainConfig(1, 32, 2, 0, 1e-3, 1, 2, 0), shape);
            long steps = trainer.minibatchesPerEpoch(images);
            assertEquals(20, steps);
            try (EpochProgress progress = new EpochProgress(sc, 1, 3, steps, shape.dims(), () -> 1e-3, 5, lines::add)) {
                trainer.fitEpoch(ModelBuilder.build(new ModelConfig(4, 1, 3, 3), shape, 1e-3, 1), images, 1, progress.hook());
                progress.finish();
                assertEquals(20, progress.steps(), "every minibatch counted once");
            }
        }
        assertTrue(lines.size() >= 2, "progress while the epoch ran, not only at its end: " + lines);
        long previous = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            long step = Long.parseLong(m.group(1));
            assertTrue(step > previous, "steps only grow: " + lines);
            previous = step;
            assertTrue(Long.parseLong(m.group(2)) > 0, line);
            double bits = Double.parseDouble(m.group(3));
            assertTrue(bits > 0 && bits < 9, line);
        }
        Matcher last = LINE.matcher(lines.get(lines.size() - 1));
        assertTrue(last.matches());
        assertEquals("20", last.group(1));
        assertEquals("0s", last.group(4));
    }

    /** Holds up Spark's listener bus when a task's end brings the named count to {@code last}. */
    private static final class SlowToHearTheLastStep extends SparkListener {
        private final String accumulator;
        private final long last;
        private final long millis;

        SlowToHearTheLastStep(String accumulator, long last, long millis) {
            this.accumulator = accumulator;
            this.last = last;
            this.millis = millis;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            for (AccumulableInfo info : JavaConverters.seqAsJavaList(end.taskInfo().accumulables())) {
                if (info.name().isDefined() && accumulator.equals(info.name().get()) && info.value().isDefined()
                        && ((Number) info.value().get()).longValue() == last) {
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    @Test
    void minibatchesAreCountedPerPartition() throws Exception {
        ImageShape shape = new ImageShape(1, FashionMnist.SIDE, FashionMnist.SIDE);
        try (JavaSparkContext sc = LocalSpark.start("minibatches")) {
            SparkTrainer trainer = new SparkTrainer(sc, new TrainConfig(1, 32, 2, 0, 1e-3, 1, 2, 0), shape);
            List<byte[]> images = FashionMnist.images(FashionMnist.TRAIN_IMAGES, 641);
            assertEquals(11 + 10, trainer.minibatchesPerEpoch(sc.parallelize(images, 2)), "321 and 320 images");
            assertEquals(3, trainer.minibatchesPerEpoch(sc.parallelize(images.subList(0, 3), 8)),
                    "empty partitions have no minibatch");
            var uneven = sc.parallelize(images.subList(0, 600), 1).union(sc.parallelize(images.subList(0, 41), 1));
            assertEquals(19 + 2, trainer.minibatchesPerEpoch(uneven), "600 and 41 images");
        }
    }
}
