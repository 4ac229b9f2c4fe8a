package io.pixelcnn.eval;

import java.io.Serializable;

/**
 * Running counts of a generative classifier over images: the confusion matrix (rows the true class, columns
 * the predicted one) and the summed negative log-likelihood given the true class, in nats. Sums, not means:
 * partitions hold different numbers of images, so only sums merge exactly. A plain class, not a record: it
 * travels as a Spark task result, and Spark's Kryo cannot serialise records.
 */
public final class ConfusionTotals implements Serializable {

    private static final long serialVersionUID = 1L;

    private long[][] confusion;
    private double natsGivenLabel;

    /** For Kryo. */
    private ConfusionTotals() {
    }

    private ConfusionTotals(long[][] confusion, double natsGivenLabel) {
        this.confusion = confusion;
        this.natsGivenLabel = natsGivenLabel;
    }

    public static ConfusionTotals empty(int classes) {
        return new ConfusionTotals(new long[classes][classes], 0);
    }

    /** Counts one image of class {@code label} predicted as {@code predicted}, with -log p(x | label). */
    public ConfusionTotals add(int label, int predicted, double natsGivenLabel) {
        long[][] counts = copy(confusion);
        counts[label][predicted]++;
        return new ConfusionTotals(counts, this.natsGivenLabel + natsGivenLabel);
    }

    public ConfusionTotals merge(ConfusionTotals other) {
        long[][] counts = copy(confusion);
        for (int row = 0; row < counts.length; row++) {
            for (int column = 0; column < counts.length; column++) {
                counts[row][column] += other.confusion[row][column];
            }
        }
        return new ConfusionTotals(counts, natsGivenLabel + other.natsGivenLabel);
    }

    /** {@code [true class][predicted class]} image counts (a copy). */
    public long[][] confusion() {
        return copy(confusion);
    }

    public long images() {
        long images = 0;
        for (long[] row : confusion) {
            for (long count : row) {
                images += count;
            }
        }
        return images;
    }

    /** Images whose predicted class is their own: the diagonal. */
    public long correct() {
        long correct = 0;
        for (int k = 0; k < confusion.length; k++) {
            correct += confusion[k][k];
        }
        return correct;
    }

    /** The summed -log p(x | y) over images, y each image's own class, in nats. */
    public double natsGivenLabel() {
        return natsGivenLabel;
    }

    private static long[][] copy(long[][] counts) {
        long[][] copy = new long[counts.length][];
        for (int k = 0; k < counts.length; k++) {
            copy[k] = counts[k].clone();
        }
        return copy;
    }
}
