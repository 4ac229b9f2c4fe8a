package io.pixelcnn.eval;

import java.io.Serializable;

/**
 * Running sums over images: count, total NLL in nats, and the sum of squares of per-image bits/dim
 * (with the mean, the confidence interval). Sums, not means: partitions hold different numbers of images,
 * so only sums merge exactly.
 *
 * <p>A plain class, not a record: it travels as a Spark task result, and Spark's Kryo cannot serialise records.
 */
public final class NllTotals implements Serializable {

    private static final long serialVersionUID = 1L;

    private int dimsPerImage;
    private long images;
    private double nats;
    private double bitsSquared;

    /** For Kryo. */
    private NllTotals() {
    }

    private NllTotals(int dimsPerImage, long images, double nats, double bitsSquared) {
        this.dimsPerImage = dimsPerImage;
        this.images = images;
        this.nats = nats;
        this.bitsSquared = bitsSquared;
    }

    public static NllTotals empty(int dimsPerImage) {
        return new NllTotals(dimsPerImage, 0, 0, 0);
    }

    public NllTotals add(double imageNats) {
        double imageBits = BitsPerDim.of(imageNats, 1, dimsPerImage);
        return new NllTotals(dimsPerImage, images + 1, nats + imageNats, bitsSquared + imageBits * imageBits);
    }

    public NllTotals merge(NllTotals other) {
        return new NllTotals(dimsPerImage, images + other.images, nats + other.nats,
                bitsSquared + other.bitsSquared);
    }

    public int dimsPerImage() {
        return dimsPerImage;
    }

    public long images() {
        return images;
    }

    public double nats() {
        return nats;
    }

    public double bitsSquared() {
        return bitsSquared;
    }
}
