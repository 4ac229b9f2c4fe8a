package io.pixelcnn.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.model.PixelSoftmax;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Replays how an image was generated, independently of either sampler: walking its sub-pixels in raster order
 * from the first generated row, each must be the level whose interval of the model's cumulative distribution
 * (from one full forward pass over the finished image, which by causality is the distribution given every
 * sub-pixel before it) holds the next uniform of the image's own stream.
 */
public final class Replay {

    /**
     * The samplers' distributions come from windows or the cached network and differ from the full pass only
     * by float rounding (under 1e-5, SamplerTest and CachedNetworkTest); a wrong level misses its interval by
     * up to a level's mass, about 1/256 in the models used here.
     */
    private static final double TOLERANCE = 1e-4;

    private Replay() {
    }

    /** Asserts that {@code images[i]}, rows {@code fromRow} on, was drawn with the stream of {@code firstIndex + i}. */
    static void assertDrawnFromTheModel(ComputationGraph model, ImageShape shape, List<byte[]> images, long seed,
                                        long firstIndex, int fromRow, String what) {
        assertDrawnFromTheModel(model, shape, images, seed, firstIndex, fromRow, ImageClasses.NONE, what);
    }

    /** As above, image {@code firstIndex + i} given class {@code classes.of(firstIndex + i)} (the one-hot input). */
    static void assertDrawnFromTheModel(ComputationGraph model, ImageShape shape, List<byte[]> images, long seed,
                                        long firstIndex, int fromRow, ImageClasses classes, String what) {
        int modelClasses = ModelGraph.classes(model.getConfiguration());
        for (int i = 0; i < images.size(); i++) {
            INDArray oneHot = classes.isNone() ? null
                    : Batches.oneHot(List.of(classes.of(firstIndex + i)), modelClasses);
            assertDrawnWithStream(model, shape, images.get(i), oneHot, ImageSeeds.of(seed, firstIndex + i), fromRow,
                    what + ", image " + i);
        }
    }

    /** Asserts that {@code image}, rows {@code fromRow} on, was drawn with the random stream seeded {@code streamSeed}. */
    public static void assertDrawnWithStream(ComputationGraph model, ImageShape shape, byte[] image, long streamSeed,
                                             int fromRow, String what) {
        assertDrawnWithStream(model, shape, image, null, streamSeed, fromRow, what);
    }

    /** As above, for a class-conditional model given {@code oneHot} ({@code [1, classes]}; null: unconditional). */
    static void assertDrawnWithStream(ComputationGraph model, ImageShape shape, byte[] image, INDArray oneHot,
                                      long streamSeed, int fromRow, String what) {
        int plane = shape.height() * shape.width();
        INDArray pixels = Batches.pixels(List.of(image), shape).castTo(DataType.FLOAT);
        float[] output = (oneHot == null ? model.outputSingle(pixels) : model.output(false, pixels, oneHot)[0])
                .dup('c').data().asFloat();
        SplittableRandom stream = new SplittableRandom(streamSeed);
        for (int row = fromRow; row < shape.height(); row++) {
            for (int col = 0; col < shape.width(); col++) {
                for (int channel = 0; channel < shape.channels(); channel++) {
                    int level = image[channel * plane + row * shape.width() + col] & 0xff;
                    double total = 0;
                    double below = 0;
                    double mass = 0;
                    for (int l = 0; l < PixelSoftmax.LEVELS; l++) {
                        // output [1, C*256, H, W], row-major
                        double p = output[((channel * PixelSoftmax.LEVELS + l) * shape.height() + row)
                                * shape.width() + col];
                        total += p;
                        if (l < level) {
                            below += p;
                        } else if (l == level) {
                            mass = p;
                        }
                    }
                    double target = stream.nextDouble() * total;
                    assertTrue(target >= below - TOLERANCE && target < below + mass + TOLERANCE,
                            what + " (" + row + ", " + col + ", " + channel + "): level " + level
                                    + " covers [" + below + ", " + (below + mass) + ") of the model's cumulative"
                                    + " distribution, but the stream's uniform is at " + target);
                }
            }
        }
    }
}
