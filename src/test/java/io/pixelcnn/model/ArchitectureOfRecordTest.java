package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.builder.ModelBuilder;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/**
 * README: "The model is the architecture of record (hidden 32, 5 residual blocks, 91,200 parameters)", the
 * model {@code conf/pixelcnn.conf}'s defaults build for 28x28 grey images.
 */
class ArchitectureOfRecordTest {

    private static final long README_PARAMETERS = 91_200;

    @Test
    void theDefaultModelOn28x28GreyHas91200Parameters() throws Exception {
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("conf/pixelcnn.conf"))) {
            defaults.load(in);
        }
        ModelConfig model = JobConfig.fromProperties(defaults, "conf/pixelcnn.conf").model();
        assertEquals(new ModelConfig(ModelFamily.PIXELCNN, 32, 5, 7, 3), model, "the defaults are the README's");

        ComputationGraph graph = ModelBuilder.build(model, new ImageShape(1, 28, 28), 1e-3, 1);
        assertEquals(README_PARAMETERS, graph.numParams(), "built");
        assertEquals(README_PARAMETERS, byHand(model.hidden(), model.blocks(), model.firstKernel(), model.blockKernel()),
                "by hand");
    }

    /**
     * The paper's PixelCNN on one grey channel, counted convolution by convolution (a masked kernel keeps its
     * masked weights, at zero, so they count): the 7x7 mask-A entrance to 2h channels; per residual block a
     * 1x1 down to h, a kxk on h, a 1x1 back up to 2h; the head's 1x1 on 2h; the 1x1 to 256 logits.
     */
    private static long byHand(int h, int blocks, int first, int k) {
        long wide = 2L * h;
        long entrance = conv(first, 1, wide);
        long block = conv(1, wide, h) + conv(k, h, h) + conv(1, h, wide);
        long head = conv(1, wide, wide);
        long logits = conv(1, wide, 256);
        return entrance + blocks * block + head + logits;
    }

    /** Weights and biases of a kxk convolution from {@code in} to {@code out} channels. */
    private static long conv(int k, long in, long out) {
        return (long) k * k * in * out + out;
    }
}
