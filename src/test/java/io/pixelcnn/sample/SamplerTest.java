package io.pixelcnn.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.PixelSoftmax;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The sampler's small windows give exactly the distributions the whole image gives. */
class SamplerTest {

    @Test
    void windowedDistributionEqualsFullImageAtEverySubpixel() {
        // reach 2 + 2 = 4: windows are cut on every side somewhere in a 12 x 14 image
        assertWindowsExact(new ModelConfig(8, 2, 5, 3), new ImageShape(1, 12, 14), 11);
    }

    @Test
    void windowedDistributionEqualsFullImageForColourChannels() {
        assertWindowsExact(new ModelConfig(6, 2, 3, 3), new ImageShape(3, 7, 10), 12);
    }

    @Test
    void samplesHaveTheImageSizeAndAreReproducibleForASeed() {
        ImageShape shape = new ImageShape(1, 6, 5);
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(new ModelConfig(4, 1, 3, 3), shape, 1e-3, 2));
        Sampler sampler = new Sampler(model, shape, 2);
        List<byte[]> first = sampler.sample(0, 5, 7);
        assertEquals(5, first.size());
        first.forEach(image -> assertEquals(shape.dims(), image.length));
        assertTrue(Arrays.equals(first.get(3), sampler.sample(0, 5, 7).get(3)), "same seed, same image");
        assertFalse(Arrays.equals(first.get(3), sampler.sample(0, 5, 8).get(3)), "another seed, another image");
        // each image draws from its own stream: another batch size or a later start gives the same image 3
        assertArrayEquals(first.get(3), new Sampler(model, shape, 3).sample(0, 5, 7).get(3), "batch of 3");
        assertArrayEquals(first.get(3), new Sampler(model, shape, 1).sample(3, 1, 7).get(0), "image 3 alone");
    }

    private static void assertWindowsExact(ModelConfig config, ImageShape shape, long seed) {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(config, shape, 1e-3, seed));
        Sampler sampler = new Sampler(model, shape, 1);
        INDArray image = Causality.randomImage(shape.channels(), shape.height(), shape.width(), seed);
        INDArray full = model.outputSingle(image);
        for (int row = 0; row < shape.height(); row++) {
            for (int col = 0; col < shape.width(); col++) {
                for (int channel = 0; channel < shape.channels(); channel++) {
                    float[] windowed = sampler.distributions(image, null, row, col, channel)[0];
                    float[] expected = full.get(NDArrayIndex.point(0), NDArrayIndex.interval(
                                    (long) channel * PixelSoftmax.LEVELS, (long) (channel + 1) * PixelSoftmax.LEVELS),
                            NDArrayIndex.point(row), NDArrayIndex.point(col)).toFloatVector();
                    for (int level = 0; level < PixelSoftmax.LEVELS; level++) {
                        assertEquals(expected[level], windowed[level], 1e-6,
                                "row " + row + " col " + col + " channel " + channel + " level " + level);
                    }
                }
            }
        }
    }

    @Test
    void completionKeepsTheGivenRowsOfEveryChannelAndFillsTheRest() {
        ImageShape shape = new ImageShape(3, 6, 5);
        Sampler sampler = new Sampler(Causality.randomLogits(ModelBuilder.build(new ModelConfig(4, 1, 3, 3), shape, 1e-3, 6)), shape, 2);
        List<byte[]> originals = sampler.sample(0, 3, 1);
        int keep = 2;
        List<byte[]> completed = sampler.complete(originals, keep, 9);
        assertEquals(3, completed.size());
        int plane = shape.height() * shape.width();
        for (int i = 0; i < originals.size(); i++) {
            for (int c = 0; c < shape.channels(); c++) {
                assertArrayEquals(Arrays.copyOfRange(originals.get(i), c * plane, c * plane + keep * shape.width()),
                        Arrays.copyOfRange(completed.get(i), c * plane, c * plane + keep * shape.width()),
                        "image " + i + " channel " + c);
            }
            assertFalse(Arrays.equals(originals.get(i), completed.get(i)), "rows below were drawn anew");
        }
    }
}
