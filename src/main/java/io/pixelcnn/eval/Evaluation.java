package io.pixelcnn.eval;

import java.util.Locale;

/**
 * The result of scoring a dataset: bits per dimension with a 95% confidence interval over images
 * (normal approximation: the mean of per-image bits/dim ± 1.96 standard errors).
 */
public record Evaluation(double bitsPerDim, double nllNatsTotal, long images, int dimsPerImage, int partitions,
                         double perImageStdDev, double ci95Low, double ci95High, double seconds, long skipped) {

    private static final double Z_95 = 1.959963984540054;

    public static Evaluation of(NllTotals totals, int partitions, double seconds) {
        long n = totals.images();
        double mean = BitsPerDim.of(totals.nats(), n, totals.dimsPerImage());
        double variance = n > 1 ? Math.max(0, (totals.bitsSquared() - n * mean * mean) / (n - 1)) : 0;
        double stdDev = Math.sqrt(variance);
        double halfWidth = n > 0 ? Z_95 * stdDev / Math.sqrt(n) : Double.NaN;
        return new Evaluation(mean, totals.nats(), n, totals.dimsPerImage(), partitions, stdDev,
                mean - halfWidth, mean + halfWidth, seconds, 0);
    }

    /** The same result, saying how many malformed images were left out of it. */
    public Evaluation withSkipped(long malformed) {
        return new Evaluation(bitsPerDim, nllNatsTotal, images, dimsPerImage, partitions, perImageStdDev, ci95Low,
                ci95High, seconds, malformed);
    }

    /** One JSON object on one line. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"bits_per_dim\": %.6f, \"nll_nats_total\": %.4f, \"images\": %d, \"dims_per_image\": %d, "
                        + "\"partitions\": %d, \"bits_per_dim_ci95\": [%.6f, %.6f], \"per_image_std\": %.6f, "
                        + "\"seconds\": %.2f, \"images_per_second\": %.1f, \"skipped\": %d}",
                bitsPerDim, nllNatsTotal, images, dimsPerImage, partitions, ci95Low, ci95High, perImageStdDev,
                seconds, seconds > 0 ? images / seconds : 0.0, skipped);
    }
}
