package io.pixelcnn.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether counts of drawn levels fit a known categorical distribution, in three ways that each name what is
 * wrong: a level of probability zero is never drawn; every other level's count lies within 5 standard
 * deviations of its binomial mean (a correct draw misses one such bound with probability 6e-7 per level);
 * and Pearson's chi-square over those levels stays below its 1 - 1e-4 quantile (a correct draw fails one
 * seed in 10,000; the tests use fixed seeds, so a pass is repeatable).
 */
final class Frequencies {

    /** The standard normal's 1 - 1e-4 quantile. */
    private static final double Z_SIGNIFICANCE = 3.7190;
    private static final double SIGMAS = 5;

    private Frequencies() {
    }

    /** Asserts that {@code counts} (one per level) fit {@code probabilities} (summing to 1). */
    static void assertFit(long[] counts, double[] probabilities, String what) {
        assertEquals(probabilities.length, counts.length);
        long draws = 0;
        for (long count : counts) {
            draws += count;
        }
        double chiSquare = 0;
        int levels = 0;
        for (int level = 0; level < counts.length; level++) {
            double p = probabilities[level];
            if (p == 0) {
                assertEquals(0, counts[level], what + ": level " + level + " has probability 0");
                continue;
            }
            double mean = draws * p;
            double sigma = Math.sqrt(draws * p * (1 - p));
            assertTrue(Math.abs(counts[level] - mean) <= SIGMAS * sigma, what + ": level " + level + " drawn "
                    + counts[level] + " times in " + draws + ", expected " + mean + " +- " + SIGMAS + " x " + sigma);
            chiSquare += (counts[level] - mean) * (counts[level] - mean) / mean;
            levels++;
        }
        if (levels > 1) {
            double critical = chiSquareQuantile(levels - 1);
            assertTrue(chiSquare < critical, what + ": chi-square " + chiSquare + " over " + levels
                    + " levels, above the 1 - 1e-4 quantile " + critical);
        }
    }

    /**
     * The 1 - 1e-4 quantile of chi-square with {@code df} degrees of freedom, by Wilson and Hilferty's cube
     * root approximation: 347.7 for 255 (exact 347.65), 16.2 for 1 (exact 15.1, so a little lenient there).
     */
    static double chiSquareQuantile(int df) {
        double v = 2.0 / (9 * df);
        double root = 1 - v + Z_SIGNIFICANCE * Math.sqrt(v);
        return df * root * root * root;
    }

    /** {@code weights} scaled to sum to 1. */
    static double[] normalised(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] p = new double[weights.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = weights[i] / total;
        }
        return p;
    }
}
