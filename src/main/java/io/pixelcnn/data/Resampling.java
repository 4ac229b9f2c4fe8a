package io.pixelcnn.data;

/**
 * Resampling weights along one axis: output pixel {@code i} is the weighted sum of source pixels
 * {@code first[i] .. first[i] + count[i] - 1}. Shrinking averages areas (each output pixel is the mean of
 * the source area it covers, fractions of pixels included), the standard for good-quality downscaling;
 * enlarging interpolates linearly between the two nearest source pixels. Never nearest-neighbour.
 */
final class Resampling {

    final int[] first;
    final int[] count;
    final float[][] weights;

    private Resampling(int outputs) {
        first = new int[outputs];
        count = new int[outputs];
        weights = new float[outputs][];
    }

    /**
     * Weights that map the source interval {@code [from, to)} (in pixels, fractions allowed) onto
     * {@code outputs} pixels, for a source {@code size} pixels long.
     */
    static Resampling of(double from, double to, int outputs, int size) {
        Resampling r = new Resampling(outputs);
        double scale = (to - from) / outputs;
        for (int i = 0; i < outputs; i++) {
            if (scale >= 1) {
                r.area(i, from + i * scale, from + (i + 1) * scale, scale, size);
            } else {
                r.linear(i, from + (i + 0.5) * scale - 0.5, Math.max(0, (int) Math.floor(from)),
                        Math.min(size, (int) Math.ceil(to)) - 1);
            }
        }
        return r;
    }

    /** The mean over {@code [a, b)}: each source pixel weighs the part of it inside, over the whole width. */
    private void area(int i, double a, double b, double scale, int size) {
        int lo = Math.max(0, (int) Math.floor(a));
        int hi = Math.min(size, (int) Math.ceil(b));
        float[] w = new float[Math.max(1, hi - lo)];
        for (int j = lo; j < hi; j++) {
            w[j - lo] = (float) ((Math.min(b, j + 1) - Math.max(a, j)) / scale);
        }
        first[i] = lo;
        count[i] = w.length;
        weights[i] = w;
    }

    /** Between the two source pixels whose centres surround {@code centre}, kept inside {@code [lo, hi]}. */
    private void linear(int i, double centre, int lo, int hi) {
        int left = (int) Math.floor(centre);
        float t = (float) (centre - left);
        int a = Math.min(hi, Math.max(lo, left));
        int b = Math.min(hi, Math.max(lo, left + 1));
        first[i] = Math.min(a, b);
        if (a == b) {
            count[i] = 1;
            weights[i] = new float[]{1f};
        } else {
            count[i] = 2;
            weights[i] = new float[]{1f - t, t};
        }
    }

    /** The smallest and largest source pixel any output reads. */
    int lowest() {
        int lowest = Integer.MAX_VALUE;
        for (int f : first) {
            lowest = Math.min(lowest, f);
        }
        return lowest;
    }

    int highest() {
        int highest = -1;
        for (int i = 0; i < first.length; i++) {
            highest = Math.max(highest, first[i] + count[i] - 1);
        }
        return highest;
    }
}
