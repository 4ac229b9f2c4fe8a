package io.pixelcnn.model;

/**
 * The inverse-CDF draw from a 256-way distribution given as probabilities: the first value whose cumulative
 * probability exceeds the uniform times their sum. Normalising by the sum keeps float rounding in a softmax
 * from biasing the tail. Every sampler draws through this or through a likelihood's own
 * {@link PixelLikelihood#draw}, which picks the same value up to rounding.
 */
public final class InverseCdf {

    private InverseCdf() {
    }

    /** The value drawn from {@code probabilities} by {@code uniform}, in [0, 1). */
    public static int draw(float[] probabilities, double uniform) {
        double total = 0;
        for (float p : probabilities) {
            total += p;
        }
        double target = uniform * total;
        double cumulative = 0;
        for (int level = 0; level < probabilities.length; level++) {
            cumulative += probabilities[level];
            if (target < cumulative) {
                return level;
            }
        }
        return probabilities.length - 1;
    }
}
