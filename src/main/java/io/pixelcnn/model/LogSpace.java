package io.pixelcnn.model;

/** The likelihoods' arithmetic in log space, stable in double precision for any argument. */
final class LogSpace {

    private LogSpace() {
    }

    /** {@code log(1 + e^z)}. */
    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** {@code 1 / (1 + e^-z)}, without overflow for very negative z. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** {@code log(sum of e^v)} over {@code count} values from {@code offset}, shifted by their maximum. */
    static double logSumExp(double[] values, int offset, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, values[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Math.exp(values[offset + i] - max);
        }
        return max + Math.log(sum);
    }
}
