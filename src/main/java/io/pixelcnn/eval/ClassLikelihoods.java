package io.pixelcnn.eval;

import java.io.Serializable;

/**
 * One image's log-likelihood under every class of a class-conditional model, log p(x | y) in nats for y =
 * 0..K-1, with the class the image carries. A plain class rather than a record: it travels as a Spark task
 * result, and Spark's Kryo cannot build records.
 */
public final class ClassLikelihoods implements Serializable {

    private static final long serialVersionUID = 1L;

    private int label;
    private double[] logLikelihoods;

    /** For Kryo. */
    private ClassLikelihoods() {
    }

    public ClassLikelihoods(int label, double[] logLikelihoods) {
        this.label = label;
        this.logLikelihoods = logLikelihoods;
    }

    /** The image's own class, numbered as the model's classes. */
    public int label() {
        return label;
    }

    /** log p(x | y) in nats, one per class in the model's order (a copy). */
    public double[] logLikelihoods() {
        return logLikelihoods.clone();
    }

    /** log p(x | y) in nats for class {@code y}. */
    public double logLikelihood(int y) {
        return logLikelihoods[y];
    }
}
