package io.pixelcnn.model;

import static io.pixelcnn.model.LogSpace.logSumExp;
import static io.pixelcnn.model.LogSpace.sigmoid;
import static io.pixelcnn.model.LogSpace.softplus;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A discretized mixture of logistics per sub-pixel (Salimans et al. 2017, PixelCNN++, section 2.1):
 * {@code components} logistics on the value rescaled to [-1, 1], each bin 2/255 wide; value v has the
 * probability mass its bin gets, the edge bins 0 and 255 taking the tails below and above. A sub-pixel's
 * {@code 3K} parameters are K mixture logits, K means and K log scales, in that order.
 *
 * <p>Exact and stable in log space without PixelCNN++'s fallback to the density at the bin centre: for a
 * bin [b, a] in logistic units, {@code sigmoid(a) - sigmoid(b) = sigmoid(a) sigmoid(-b) (1 - e^-(a-b))}, so
 * its log is {@code -softplus(-a) - softplus(b) + log(1 - e^-(a-b))}, three terms that never underflow; the
 * edge bins are {@code -softplus(-a)} and {@code -softplus(b)}.
 *
 * <p>The network's outputs are offsets from fixed centres: component k's mean is centred at
 * {@code -1 + (2k+1)/K} and its log scale at {@code -ln K}, so a fresh model (the logits layer starts at
 * zero) is K evenly spread logistics, close to uniform, and the components start apart (identical
 * components would get identical gradients forever). The log scale is clamped from below at -7, as in
 * PixelCNN++, with no gradient under the clamp.
 */
public record LogisticMixture(int components) implements PixelLikelihood {

    public static final String KEY = "logistic-mixture";
    /** Half a bin on the [-1, 1] scale. */
    static final double HALF_BIN = 1.0 / 255;
    static final double MIN_LOG_SCALE = -7;
    /** Below this, {@code log(1 - e^-d)} and {@code d / (e^d - 1)} take their series forms, exact in double. */
    private static final double TINY = 1e-8;

    public LogisticMixture {
        if (components < 1) {
            throw new IllegalArgumentException("mixtures must be at least 1, got " + components);
        }
    }

    @Override
    public int parameters() {
        return 3 * components;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String label() {
        return KEY + "(" + components + ")";
    }

    @Override
    public PixelLogisticMixture outputLayer(int imageChannels) {
        return new PixelLogisticMixture(imageChannels, components);
    }

    /** Component k's mean given the network's output for it. */
    double mean(double output, int k) {
        return output - 1 + (2.0 * k + 1) / components;
    }

    /** Component k's log scale given the network's output for it, before the clamp. */
    double unclampedLogScale(double output) {
        return output - Math.log(components);
    }

    /** 1 / scale of a component given the network's output for its log scale, after the clamp. */
    private double inverseScale(double output) {
        return Math.exp(-Math.max(unclampedLogScale(output), MIN_LOG_SCALE));
    }

    @Override
    public double logProbability(double[] parameters, int offset, int value) {
        return -negativeLogProbability(parameters, offset, value, null, 0);
    }

    /**
     * {@code -log p(value)} in nats; when {@code gradient} is given, also writes there (from
     * {@code gradientOffset}) its derivatives with respect to the {@code 3K} parameters.
     */
    public double negativeLogProbability(double[] parameters, int offset, int value, double[] gradient,
                                         int gradientOffset) {
        int k = components;
        double x = value * 2 * HALF_BIN - 1;
        double[] joint = new double[k];
        double[] dMean = new double[k];
        double[] dLogScale = new double[k];
        for (int i = 0; i < k; i++) {
            double unclamped = unclampedLogScale(parameters[offset + 2 * k + i]);
            double logScale = Math.max(unclamped, MIN_LOG_SCALE);
            double inverseScale = Math.exp(-logScale);
            double centred = x - mean(parameters[offset + k + i], i);
            double above = (centred + HALF_BIN) * inverseScale;
            double below = (centred - HALF_BIN) * inverseScale;
            double logMass;
            if (value == 0) {
                logMass = -softplus(-above);
                dMean[i] = -inverseScale * sigmoid(-above);
                dLogScale[i] = -above * sigmoid(-above);
            } else if (value == LEVELS - 1) {
                logMass = -softplus(below);
                dMean[i] = inverseScale * sigmoid(below);
                dLogScale[i] = below * sigmoid(below);
            } else {
                double width = 2 * HALF_BIN * inverseScale;
                double logWidth = Math.log(2 * HALF_BIN) - logScale;
                logMass = -softplus(-above) - softplus(below) + logOneMinusExpMinus(width, logWidth);
                dMean[i] = -inverseScale * (sigmoid(-above) - sigmoid(below));
                dLogScale[i] = -above * sigmoid(-above) + below * sigmoid(below) - ratioOverExpm1(width);
            }
            if (unclamped < MIN_LOG_SCALE) {
                dLogScale[i] = 0;
            }
            joint[i] = parameters[offset + i] + logMass;
        }
        double logNormaliser = logSumExp(parameters, offset, k);
        double logJoint = logSumExp(joint, 0, k);
        if (gradient != null) {
            for (int i = 0; i < k; i++) {
                double weight = Math.exp(parameters[offset + i] - logNormaliser);
                double responsibility = Math.exp(joint[i] - logJoint);
                gradient[gradientOffset + i] = weight - responsibility;
                gradient[gradientOffset + k + i] = -responsibility * dMean[i];
                gradient[gradientOffset + 2 * k + i] = -responsibility * dLogScale[i];
            }
        }
        return logNormaliser - logJoint;
    }

    /**
     * The probabilities of all 256 values into {@code out} from {@code outOffset}: differences of each
     * component's CDF at the 255 bin edges, which sum to one by construction (for drawing; the exact
     * log-probability of one value is {@link #logProbability}).
     */
    public void distribution(double[] parameters, int offset, double[] out, int outOffset) {
        int k = components;
        Arrays.fill(out, outOffset, outOffset + LEVELS, 0);
        double logNormaliser = logSumExp(parameters, offset, k);
        double[] cdf = new double[LEVELS - 1];
        for (int i = 0; i < k; i++) {
            double weight = Math.exp(parameters[offset + i] - logNormaliser);
            double mean = mean(parameters[offset + k + i], i);
            double inverseScale = inverseScale(parameters[offset + 2 * k + i]);
            edgeCdf(mean, inverseScale, cdf);
            double previous = 0;
            for (int v = 0; v < LEVELS - 1; v++) {
                out[outOffset + v] += weight * (cdf[v] - previous);
                previous = cdf[v];
            }
            out[outOffset + LEVELS - 1] += weight * (1 - previous);
        }
    }

    /** How many bin edges {@link #edgeCdf} goes by multiplication before it takes an exponential again. */
    private static final int EXACT_EVERY = 16;

    /**
     * A logistic's CDF at the 255 bin edges, {@code sigmoid((edge - mean) * inverseScale)}, into {@code cdf}.
     * This is the cached sampler's inner loop (255 edges, K components, every sub-pixel drawn), so it takes
     * one exponential every {@link #EXACT_EVERY} edges and none between: the edges are evenly spaced, so
     * {@code e^-|z|} moves by the constant factor {@code e^+-step} from one edge to the next. Each multiplication
     * adds one rounding, so a value is within about 16 roundings (4e-15 relatively) of
     * {@link LogSpace#sigmoid}'s, and equal to it where the exponential is taken afresh.
     */
    private static void edgeCdf(double mean, double inverseScale, double[] cdf) {
        double first = (HALF_BIN - 1 - mean) * inverseScale;
        double step = 2 * HALF_BIN * inverseScale;
        double grow = Math.exp(step);
        double shrink = Math.exp(-step);
        double e = 0;
        boolean wasNegative = false;
        for (int v = 0; v < cdf.length; v++) {
            double z = first + v * step;
            boolean negative = z < 0;
            if (v % EXACT_EVERY == 0 || negative != wasNegative) {
                e = Math.exp(-Math.abs(z));
            } else {
                e *= negative ? grow : shrink; // e^z grows with z below zero, e^-z shrinks above
            }
            wasNegative = negative;
            cdf[v] = negative ? e / (1 + e) : 1 / (1 + e);
        }
    }

    @Override
    public void distributions(INDArray parameters, INDArray distributions) {
        int rows = (int) parameters.size(0);
        double[] flat = parameters.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] out = new double[rows * LEVELS];
        for (int row = 0; row < rows; row++) {
            distribution(flat, row * parameters(), out, row * LEVELS);
        }
        distributions.assign(Nd4j.createFromArray(out).reshape(rows, LEVELS));
    }

    /**
     * Searches the mixture's CDF instead of building the 256 probabilities: eight halvings of 0..255 at K
     * sigmoids each, where {@link #distribution} takes 255 edges for each of the K components. The cached
     * sampler draws every sub-pixel this way, so this is its inner loop. The CDF at an edge is the sum
     * {@link #distribution}'s first values telescope to, so the value is the one {@link InverseCdf} picks
     * from them but where a uniform falls within rounding of a step.
     */
    @Override
    public void draw(INDArray parameters, INDArray scratch, double[] uniforms, int[] values) {
        double[] flat = parameters.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] weights = new double[components];
        double[] firstEdges = new double[components];
        double[] steps = new double[components];
        for (int row = 0; row < uniforms.length; row++) {
            values[row] = draw(flat, row * parameters(), uniforms[row], weights, firstEdges, steps);
        }
    }

    /** The smallest value whose CDF exceeds {@code uniform}; the last value's CDF is 1, so it ends there. */
    private int draw(double[] parameters, int offset, double uniform, double[] weights, double[] firstEdges,
                     double[] steps) {
        int k = components;
        double logNormaliser = logSumExp(parameters, offset, k);
        for (int i = 0; i < k; i++) {
            weights[i] = Math.exp(parameters[offset + i] - logNormaliser);
            double mean = mean(parameters[offset + k + i], i);
            double inverseScale = inverseScale(parameters[offset + 2 * k + i]);
            firstEdges[i] = (HALF_BIN - 1 - mean) * inverseScale; // as edgeCdf: edge v at firstEdge + v * step
            steps[i] = 2 * HALF_BIN * inverseScale;
        }
        int low = 0;
        int high = LEVELS - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            double cdf = 0;
            for (int i = 0; i < k; i++) {
                cdf += weights[i] * sigmoid(firstEdges[i] + middle * steps[i]);
            }
            if (uniform < cdf) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** {@code log(1 - e^-d)} for d > 0, given also {@code log d} (d may underflow where log d does not). */
    private static double logOneMinusExpMinus(double d, double logD) {
        if (d < TINY) {
            return logD - d / 2;
        }
        return d < Math.log(2) ? Math.log(-Math.expm1(-d)) : Math.log1p(-Math.exp(-d));
    }

    /** {@code d / (e^d - 1)}, which tends to 1 as d tends to 0. */
    private static double ratioOverExpm1(double d) {
        return d < TINY ? 1 - d / 2 : d / Math.expm1(d);
    }
}
