package io.pixelcnn.train;

import io.pixelcnn.cluster.TaskMemory;
import io.pixelcnn.config.ExceedsMemoryException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.ImageSize;
import io.pixelcnn.model.StepMemory;
import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * Refuses an image size no worker can train on before any data is read: otherwise the executors read and
 * list the whole dataset, then run out of memory (exit 52 and a long trace) on the first minibatch.
 */
final class MemoryCheck {

    private MemoryCheck() {
    }

    /** Throws when one training step at {@code --image-size} and {@code --batch-size} exceeds a task's memory. */
    static void requireFits(JobConfig config, SparkConf spark) {
        ImageSize size = config.data().preparation().size();
        if (size == null) {
            return; // images keep their own size, known only once read; decoding bounds it (decompression bombs)
        }
        ImageShape shape = size.withChannels(config.data().preparation().channels());
        int batch = config.train().batchSize();
        double needed = StepMemory.trainingBytes(config.model(), shape, batch);
        TaskMemory limit = TaskMemory.of(spark);
        if (needed > limit.bytes()) {
            throw new ExceedsMemoryException(String.format(Locale.ROOT,
                    "--%s %s with --%s %d needs at least %s per training step of the %s model, more than %s: "
                            + "give a smaller --%s or --%s, or more memory",
                    JobConfig.IMAGE_SIZE, size, JobConfig.BATCH_SIZE, batch, TaskMemory.gib(needed),
                    config.model().family().key(), limit.source(), JobConfig.IMAGE_SIZE, JobConfig.BATCH_SIZE));
        }
    }
}
