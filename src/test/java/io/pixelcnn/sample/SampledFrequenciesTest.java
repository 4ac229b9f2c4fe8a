package io.pixelcnn.sample;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.PixelSoftmax;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both samplers draw from the model's distribution: a PixelCNN whose every sub-pixel has a known categorical
 * ({@link FixedCategorical}), another per colour channel, is sampled, and each channel's level counts over
 * every position of 2,048 images fit the softmax of that channel's bias ({@link Frequencies}).
 */
class SampledFrequenciesTest {

    private static final ImageShape SHAPE = new ImageShape(3, 4, 4);
    private static final int IMAGES = 2048;
    private static final double[][] WEIGHTS = new double[3][PixelSoftmax.LEVELS];
    private static ComputationGraph model;

    @BeforeAll
    static void model() {
        for (int level = 0; level < PixelSoftmax.LEVELS; level++) {
            // red: every level, neighbours up to 10x apart, the most on 0 and 255
            WEIGHTS[0][level] = level == 0 || level == 255 ? 20 : 1 + (level * 7) % 10;
            // blue: two bands at the ends, nothing between
            WEIGHTS[2][level] = level < 16 ? 1 + level : level >= 240 ? 256 - level : 0;
        }
        // green: the edge levels alone
        WEIGHTS[1][0] = 1;
        WEIGHTS[1][255] = 3;
        model = FixedCategorical.model(SHAPE, WEIGHTS);
    }

    @Test
    void theCachedSamplersLevelsFitTheModelsDistributionInEveryChannel() {
        assertFit(new CachedSampler(model, SHAPE, 1024).sample(0, IMAGES, 3), "cached");
    }

    @Test
    void theWindowedSamplersLevelsFitTheModelsDistributionInEveryChannel() {
        assertFit(new Sampler(model, SHAPE, 1024).sample(0, IMAGES, 4), "windowed");
    }

    private static void assertFit(List<byte[]> images, String sampler) {
        int plane = SHAPE.height() * SHAPE.width();
        for (int c = 0; c < SHAPE.channels(); c++) {
            long[] counts = new long[PixelSoftmax.LEVELS];
            for (byte[] image : images) {
                for (int at = c * plane; at < (c + 1) * plane; at++) {
                    counts[image[at] & 0xff]++;
                }
            }
            Frequencies.assertFit(counts, FixedCategorical.softmaxOfBias(WEIGHTS[c]), sampler + ", channel " + c);
        }
    }
}
