package io.pixelcnn.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pixelcnn.config.DataConfig;
import io.pixelcnn.config.ExceedsMemoryException;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.ImageSize;
import io.pixelcnn.data.Preparation;
import io.pixelcnn.data.ReadMode;
import io.pixelcnn.data.Resize;
import io.pixelcnn.data.SourceFormat;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The memory check weighs one training step against an executor's memory: it lets through the sizes the
 * README and the tests train at with the default model (hidden 32, 5 blocks, batch 32) on the memory
 * conf/spark-defaults.conf gives an executor, and refuses what no executor holds, naming the options.
 */
class MemoryCheckTest {

    /** conf/spark-defaults.conf: spark.executor.memory 2g, spark.executor.memoryOverhead 2g. */
    private static final SparkConf CLUSTER = new SparkConf(false).set("spark.master", "spark://127.0.0.1:7077")
            .set("spark.executor.memory", "2g").set("spark.executor.memoryOverhead", "2g");

    @Test
    void theSizesTheReadmeAndTheTestsUseFit() {
        for (ModelFamily family : ModelFamily.values()) {
            assertDoesNotThrow(() -> MemoryCheck.requireFits(config(family, "28x28", 1, 32), CLUSTER), family.key());
            assertDoesNotThrow(() -> MemoryCheck.requireFits(config(family, "28x28", 3, 32), CLUSTER), family.key());
        }
        assertDoesNotThrow(() -> MemoryCheck.requireFits(config(ModelFamily.PIXELCNN, "32x32", 3, 32), CLUSTER));
        assertDoesNotThrow(() -> MemoryCheck.requireFits(config(ModelFamily.PIXELCNN, "64x64", 3, 32), CLUSTER));
        assertDoesNotThrow(() -> MemoryCheck.requireFits(config(ModelFamily.PIXELCNN, "64x64", 3, 32),
                new SparkConf(false).set("spark.master", "local[2]")), "this JVM (the tests' heap is 3 GB)");
    }

    @Test
    void aSizeNoExecutorHoldsIsRefusedNamingTheOptionsTheEstimateAndTheLimit() {
        ExceedsMemoryException refused = assertThrows(ExceedsMemoryException.class,
                () -> MemoryCheck.requireFits(config(ModelFamily.PIXELCNN, "20000x20000", 1, 32), CLUSTER));
        // 2 (forward, backward) x 4 bytes x 32 images x 4e8 positions x (256 + 7 layers x 6 maps x 32 hidden) bytes
        assertEquals("--image-size 20000x20000 with --batch-size 32 needs at least 152587.9 GiB per training step of "
                + "the pixelcnn model, more than an executor's 2.0 GiB (spark.executor.memory) and 2.0 GiB "
                + "(spark.executor.memoryOverhead): give a smaller --image-size or --batch-size, or more memory",
                refused.getMessage());
    }

    @Test
    void theDefaultOverheadIsATenthOfTheMemoryAndAtLeast384Mib() {
        SparkConf small = new SparkConf(false).set("spark.master", "yarn").set("spark.executor.memory", "1g");
        assertEquals((1024L + 384) << 20, io.pixelcnn.cluster.TaskMemory.of(small).bytes());
        SparkConf large = new SparkConf(false).set("spark.master", "yarn").set("spark.executor.memory", "10g");
        assertEquals((10240L + 1024) << 20, io.pixelcnn.cluster.TaskMemory.of(large).bytes());
    }

    private static JobConfig config(ModelFamily family, String size, int channels, int batch) {
        Preparation preparation = new Preparation(channels, ImageSize.parse(size), Resize.CROP, ReadMode.FAILFAST, 0.01);
        return new JobConfig(
                new DataConfig("train", "test", 0, 0, 0, new SourceFormat(SourceFormat.AUTO,
                        SourceFormat.DEFAULT_IMAGE_COLUMN, null), preparation),
                new ModelConfig(family, 32, 5, 7, 3),
                new TrainConfig(1, batch, 1, 0, 0.001, 1, 0, 0));
    }
}
