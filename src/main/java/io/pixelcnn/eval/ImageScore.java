package io.pixelcnn.eval;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One image's likelihood under a model. A plain class rather than a record: Spark's Kryo cannot build
 * records, and scores are cached and spilled by Spark.
 */
public final class ImageScore implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Least likely first: highest bits/dim, ties by name so the order is total. */
    public static final Comparator<ImageScore> LEAST_LIKELY_FIRST = (Comparator<ImageScore> & Serializable)
            (a, b) -> a.bitsPerDim != b.bitsPerDim ? Double.compare(b.bitsPerDim, a.bitsPerDim) : a.name.compareTo(b.name);

    private String name;
    private double nllNats;
    private double bitsPerDim;
    private byte[] pixels;
    /** The class the image was scored given, for a class-conditional model; null for an unconditional one. */
    private String className;

    /** For Kryo. */
    private ImageScore() {
    }

    public ImageScore(String name, double nllNats, int dims, byte[] pixels) {
        this.name = name;
        this.nllNats = nllNats;
        this.bitsPerDim = BitsPerDim.of(nllNats, 1, dims);
        this.pixels = pixels;
    }

    /** The score of an image given its class {@code className}, under a class-conditional model. */
    public ImageScore(String name, double nllNats, int dims, byte[] pixels, String className) {
        this(name, nllNats, dims, pixels);
        this.className = className;
    }

    public String name() {
        return name;
    }

    public double nllNats() {
        return nllNats;
    }

    public double bitsPerDim() {
        return bitsPerDim;
    }

    /** The class the image was scored given; null under an unconditional model. */
    public String className() {
        return className;
    }

    /** The image itself, one byte per sub-pixel (NCHW). */
    public byte[] pixels() {
        return pixels;
    }
}
