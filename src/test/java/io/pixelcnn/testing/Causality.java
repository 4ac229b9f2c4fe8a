package io.pixelcnn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks the autoregressive property directly: change one input sub-pixel j and compare every output
 * distribution. In raster order (row, column, channel), the distributions of all sub-pixels i <= j must
 * stay exactly as they were, and some later one must move.
 */
public final class Causality {

    private static final int LEVELS = 256;

    private Causality() {
    }

    /** Asserts causality for every sub-pixel j whose raster index is a multiple of {@code stride}. */
    public static void assertCausal(ComputationGraph model, INDArray image, int stride) {
        assertCausal(model, image, null, stride);
    }

    /**
     * The same for a class-conditional model, given the image's class as a one-hot {@code [1, classes]}: the
     * class is the same in every pass, so what moves is what the changed sub-pixel reaches.
     */
    public static void assertCausal(ComputationGraph model, INDArray image, INDArray oneHot, int stride) {
        int channels = (int) image.size(1);
        int height = (int) image.size(2);
        int width = (int) image.size(3);
        int subpixels = channels * height * width;
        float[] before = outputs(model, image, oneHot);
        int checked = 0;
        for (int j = 0; j < subpixels; j += stride) {
            int[] at = position(j, channels, width);
            INDArray changed = image.dup();
            double value = changed.getDouble(0, at[2], at[0], at[1]);
            changed.putScalar(new int[]{0, at[2], at[0], at[1]}, value < 128 ? 255 : 0);
            float[] after = outputs(model, changed, oneHot);
            boolean laterMoved = false;
            for (int i = 0; i < subpixels; i++) {
                double difference = maxDifference(before, after, position(i, channels, width), height, width);
                if (i <= j) {
                    assertEquals(0.0, difference, 1e-6,
                            "output of sub-pixel " + i + " changed when input " + j + " changed");
                } else if (difference > 1e-5) {
                    laterMoved = true;
                }
            }
            if (j < subpixels - 1) {
                assertTrue(laterMoved, "changing input " + j + " changed no later output");
            }
            checked++;
        }
        assertTrue(checked > 0);
    }

    private static float[] outputs(ComputationGraph model, INDArray image, INDArray oneHot) {
        INDArray[] inputs = oneHot == null ? new INDArray[]{image.dup()} : new INDArray[]{image.dup(), oneHot};
        return model.output(false, inputs)[0].dup('c').data().asFloat();
    }

    /** {row, column, channel} of raster index i. */
    private static int[] position(int i, int channels, int width) {
        int pixel = i / channels;
        return new int[]{pixel / width, pixel % width, i % channels};
    }

    /** Largest change among one sub-pixel's 256 probabilities; outputs are [1, C*256, H, W] row-major. */
    private static double maxDifference(float[] a, float[] b, int[] at, int height, int width) {
        double max = 0;
        for (int level = 0; level < LEVELS; level++) {
            int index = ((at[2] * LEVELS + level) * height + at[0]) * width + at[1];
            max = Math.max(max, Math.abs(a[index] - b[index]));
        }
        return max;
    }

    /**
     * {@code ModelBuilder.build} zero-initialises the logits layer (a new model is the uniform distribution),
     * which would make every output independent of the input; random logits weights make changes show.
     */
    public static ComputationGraph randomLogits(ComputationGraph model) {
        INDArray weights = model.getLayer(io.pixelcnn.model.ModelGraph.LOGITS).getParam("W");
        weights.assign(org.nd4j.linalg.factory.Nd4j.randn(DataType.FLOAT, weights.shape()).muli(0.1));
        return model;
    }

    public static INDArray randomImage(int channels, int height, int width, long seed) {
        java.util.Random random = new java.util.Random(seed);
        INDArray image = org.nd4j.linalg.factory.Nd4j.create(DataType.FLOAT, 1, channels, height, width);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image.putScalar(new int[]{0, c, y, x}, random.nextInt(256));
                }
            }
        }
        return image;
    }
}
