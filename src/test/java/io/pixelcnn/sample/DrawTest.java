package io.pixelcnn.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pixelcnn.model.PixelSoftmax;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one draw both samplers make ({@link BatchedGenerator#draw}) against known distributions over the 256
 * levels: its frequencies fit the distribution (see {@link Frequencies} for the bounds), the edge levels 0
 * and 255 included, whether the uniforms come from one stream or are the first of every image's own stream
 * ({@link ImageSeeds}).
 */
class DrawTest {

    private static final int LEVELS = PixelSoftmax.LEVELS;

    /**
     * Neighbouring levels differ by up to 10x, so a draw off by one level, or one that skips or repeats a
     * level, moves every count far outside its bound; levels 0 and 255 carry the largest masses.
     */
    private static double[] uneven() {
        double[] weights = new double[LEVELS];
        for (int level = 0; level < LEVELS; level++) {
            weights[level] = 1 + (level * 7) % 10;
        }
        weights[0] = 30;
        weights[LEVELS - 1] = 40;
        return Frequencies.normalised(weights);
    }

    @Test
    void manyDrawsFromOneStreamFitAnUnevenDistributionOverEveryLevel() {
        SplittableRandom random = new SplittableRandom(1);
        double[] p = uneven();
        Frequencies.assertFit(counts(p, 1_000_000, i -> random), p, "one stream");
    }

    @Test
    void theFirstDrawOfEveryImagesStreamFitsTheDistribution() {
        // each image's first sub-pixel is drawn with the first uniform of the image's own stream
        double[] p = uneven();
        Frequencies.assertFit(counts(p, 300_000, i -> new SplittableRandom(ImageSeeds.of(5, i))), p,
                "first draw of images 0..299999");
    }

    @Test
    void massOnlyOnTheEdgeLevelsDrawsOnlyThemInProportion() {
        double[] p = new double[LEVELS];
        p[0] = 0.3;
        p[LEVELS - 1] = 0.7;
        SplittableRandom random = new SplittableRandom(2);
        Frequencies.assertFit(counts(p, 200_000, i -> random), p, "levels 0 and 255 only");
    }

    @ParameterizedTest(name = "point mass on level {0}")
    @ValueSource(ints = {0, 1, 128, 254, 255})
    void aPointMassIsTheOnlyLevelEverDrawn(int level) {
        double[] p = new double[LEVELS];
        p[level] = 1;
        SplittableRandom random = new SplittableRandom(3);
        long[] counts = counts(p, 100_000, i -> random);
        assertEquals(100_000, counts[level], "draws of level " + level);
    }

    @Test
    void aDistributionThatDoesNotSumToOneIsDrawnInProportion() {
        // a float softmax sums to 1 only up to rounding: the draw must read the mass it was given, not 1, or
        // the shortfall would land on level 255; here the shortfall is a half, and 255 has probability 0
        double[] p = uneven();
        p[LEVELS - 1] = 0;
        p = Frequencies.normalised(p);
        float[] half = new float[LEVELS];
        float[] more = new float[LEVELS];
        for (int level = 0; level < LEVELS; level++) {
            half[level] = (float) (p[level] / 2);
            more[level] = (float) (p[level] * 1.5);
        }
        SplittableRandom random = new SplittableRandom(4);
        Frequencies.assertFit(counts(half, 500_000, i -> random), p, "summing to 0.5");
        Frequencies.assertFit(counts(more, 500_000, i -> random), p, "summing to 1.5");
    }

    @Test
    void aDrawUsesExactlyOneUniformOfItsStream() {
        // what lets the cached and windowed samplers, and a completion, stay on the same stream positions
        float[] p = floats(uneven());
        SplittableRandom drawn = new SplittableRandom(6);
        SplittableRandom counted = new SplittableRandom(6);
        for (int i = 0; i < 1000; i++) {
            BatchedGenerator.draw(p, drawn);
            counted.nextDouble();
        }
        assertEquals(counted.nextLong(), drawn.nextLong());
    }

    private static long[] counts(double[] probabilities, int draws, IntFunction<SplittableRandom> stream) {
        return counts(floats(probabilities), draws, stream);
    }

    /** Levels drawn {@code draws} times, draw {@code i} from {@code stream.apply(i)}. */
    private static long[] counts(float[] probabilities, int draws, IntFunction<SplittableRandom> stream) {
        long[] counts = new long[LEVELS];
        for (int i = 0; i < draws; i++) {
            counts[BatchedGenerator.draw(probabilities, stream.apply(i))]++;
        }
        return counts;
    }

    private static float[] floats(double[] probabilities) {
        float[] p = new float[probabilities.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) probabilities[i];
        }
        return p;
    }
}
