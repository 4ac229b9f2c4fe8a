package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The discretized logistic mixture's numbers, in plain Java against direct double-precision computations:
 * it is a distribution over the 256 values (edge bins included) however extreme its parameters, its
 * log-probabilities are the bin masses, it stays finite where the masses underflow, and its gradient is the
 * derivative of its negative log-probability.
 */
class LogisticMixtureTest {

    private static final int LEVELS = PixelLikelihood.LEVELS;

    /** Random parameters: logits and mean offsets spread by {@code spread}, log-scale offsets from the given range. */
    private static double[] parameters(LogisticMixture mixture, Random random, double spread, double minLogScale,
                                       double maxLogScale) {
        int k = mixture.components();
        double[] p = new double[3 * k];
        for (int i = 0; i < k; i++) {
            p[i] = random.nextGaussian() * spread;
            p[k + i] = random.nextGaussian() * spread;
            // the network's output: the log scale is this minus ln K
            p[2 * k + i] = minLogScale + random.nextDouble() * (maxLogScale - minLogScale) + Math.log(k);
        }
        return p;
    }

    @ParameterizedTest(name = "spread {0}")
    @ValueSource(doubles = {0.1, 1, 5, 50})
    void theProbabilitiesOfAll256ValuesSumToOneEdgesIncluded(double spread) {
        Random random = new Random(3);
        for (int components : new int[]{1, 5, 10}) {
            LogisticMixture mixture = new LogisticMixture(components);
            for (int trial = 0; trial < 50; trial++) {
                // log scales from below the clamp (-12) to wide (+4): sharp spikes and near-flat components
                double[] p = parameters(mixture, random, spread, -12, 4);
                double exactSum = 0;
                double[] drawn = new double[LEVELS];
                mixture.distribution(p, 0, drawn, 0);
                double drawnSum = 0;
                for (int v = 0; v < LEVELS; v++) {
                    double probability = Math.exp(mixture.logProbability(p, 0, v));
                    exactSum += probability;
                    drawnSum += drawn[v];
                    assertEquals(probability, drawn[v], 1e-12, "value " + v + ": drawing and scoring agree");
                }
                assertEquals(1.0, exactSum, 1e-9, components + " components, trial " + trial);
                assertEquals(1.0, drawnSum, 1e-12, components + " components, trial " + trial);
            }
        }
    }

    @Test
    void theLogProbabilityIsTheLogOfTheMixedBinMassesComputedDirectly() {
        Random random = new Random(4);
        LogisticMixture mixture = new LogisticMixture(4);
        for (int trial = 0; trial < 100; trial++) {
            double[] p = parameters(mixture, random, 1, -5, 1);
            for (int v = 0; v < LEVELS; v++) {
                double expected = directProbability(p, 4, v);
                // the direct form subtracts CDFs near 1: its own error is ~1e-16 absolute, not relative
                assertEquals(expected, Math.exp(mixture.logProbability(p, 0, v)), 1e-14 + 1e-10 * expected,
                        "trial " + trial + " value " + v);
            }
        }
    }

    /** Textbook form: softmax weights, CDF(x + 1/255) - CDF(x - 1/255), the edge bins taking the tails. */
    private static double directProbability(double[] p, int k, int value) {
        double x = 2.0 * value / 255 - 1;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, p[i]);
        }
        double normaliser = 0;
        for (int i = 0; i < k; i++) {
            normaliser += Math.exp(p[i] - max);
        }
        double probability = 0;
        for (int i = 0; i < k; i++) {
            double mean = p[k + i] - 1 + (2.0 * i + 1) / k;
            double scale = Math.exp(Math.max(p[2 * k + i] - Math.log(k), -7));
            double upper = value == 255 ? 1 : 1 / (1 + Math.exp(-(x + 1.0 / 255 - mean) / scale));
            double lower = value == 0 ? 0 : 1 / (1 + Math.exp(-(x - 1.0 / 255 - mean) / scale));
            probability += Math.exp(p[i] - max) / normaliser * (upper - lower);
        }
        return probability;
    }

    @Test
    void aMassThatUnderflowsInDoubleStillHasItsExactLogProbability() {
        // one component at the top of the range with the sharpest scale: bin 0 is ~2000 logistic scales away
        LogisticMixture mixture = new LogisticMixture(1);
        double[] p = {0, 1, -9};
        assertEquals(0.0, directProbability(p, 1, 0), 0.0, "the textbook form underflows to zero");
        double scale = Math.exp(-7);
        // bin 0 takes the lower tail: log sigmoid(a) = a - log(1 + e^a) = a to double precision here
        double a = (-1 + 1.0 / 255 - 1) / scale;
        assertEquals(a, mixture.logProbability(p, 0, 0), 1e-9 * Math.abs(a));
        // an interior bin: log(sigmoid(a) - sigmoid(b)) = a + log(1 - e^-(a-b)) for very negative a, b
        double upper = (2.0 * 100 / 255 - 1 + 1.0 / 255 - 1) / scale;
        double expected = upper + Math.log(-Math.expm1(-(2.0 / 255) / scale));
        assertEquals(expected, mixture.logProbability(p, 0, 100), 1e-9 * Math.abs(expected));
    }

    @Test
    void theGradientIsTheDerivativeOfTheNegativeLogProbability() {
        Random random = new Random(5);
        LogisticMixture mixture = new LogisticMixture(3);
        double h = 1e-6;
        for (int trial = 0; trial < 20; trial++) {
            double[] p = parameters(mixture, random, 1, -5, 1);
            for (int value : new int[]{0, 1, 77, 128, 254, 255}) {
                double[] gradient = new double[p.length];
                mixture.negativeLogProbability(p, 0, value, gradient, 0);
                for (int j = 0; j < p.length; j++) {
                    double[] plus = p.clone();
                    double[] minus = p.clone();
                    plus[j] += h;
                    minus[j] -= h;
                    double numeric = (mixture.negativeLogProbability(plus, 0, value, null, 0)
                            - mixture.negativeLogProbability(minus, 0, value, null, 0)) / (2 * h);
                    assertEquals(numeric, gradient[j], 1e-6 * Math.max(1, Math.abs(numeric)),
                            "trial " + trial + " value " + value + " parameter " + j);
                }
            }
        }
    }

    @ParameterizedTest(name = "spread {0}")
    @ValueSource(doubles = {0.1, 1, 5, 50})
    void searchingTheCdfDrawsTheValueTheProbabilitiesGive(double spread) {
        // the cached sampler's draw (a binary search of the CDF) against the windowed sampler's (a running
        // sum of the 256 probabilities): the same value for every uniform but those within rounding of a step
        Random random = new Random(5);
        for (int components : new int[]{1, 5, 10}) {
            LogisticMixture mixture = new LogisticMixture(components);
            int rows = 40;
            double[][] parameters = new double[rows][];
            double[] uniforms = new double[rows];
            for (int trial = 0; trial < 50; trial++) {
                for (int row = 0; row < rows; row++) {
                    parameters[row] = parameters(mixture, random, spread, -12, 4);
                    // a quarter of the uniforms exactly at a CDF step, where the two could part the most
                    uniforms[row] = row % 4 == 0 ? cumulative(mixture, parameters[row])[random.nextInt(LEVELS - 1)]
                            : random.nextDouble();
                }
                int[] drawn = new int[rows];
                mixture.draw(Nd4j.createFromArray(parameters), Nd4j.create(DataType.FLOAT, rows, LEVELS), uniforms, drawn);
                for (int row = 0; row < rows; row++) {
                    double[] cdf = cumulative(mixture, parameters[row]);
                    int summed = 0;
                    while (summed < LEVELS - 1 && uniforms[row] >= cdf[summed]) {
                        summed++;
                    }
                    if (drawn[row] != summed) {
                        // only a uniform on the step between the two values may go either way
                        double step = cdf[Math.min(drawn[row], summed)];
                        assertEquals(step, uniforms[row], 1e-12, components + " components, trial " + trial
                                + ", row " + row + ": searched " + drawn[row] + ", summed " + summed);
                    }
                }
            }
        }
    }

    /** The running sum of the mixture's 256 probabilities, as the windowed sampler adds them up. */
    private static double[] cumulative(LogisticMixture mixture, double[] parameters) {
        double[] probabilities = new double[LEVELS];
        mixture.distribution(parameters, 0, probabilities, 0);
        double[] cdf = new double[LEVELS];
        double sum = 0;
        for (int v = 0; v < LEVELS; v++) {
            sum += probabilities[v];
            cdf[v] = sum;
        }
        return cdf;
    }

    @Test
    void aFreshModelsMixtureIsCloseToUniform() {
        // the logits layer starts at zero: evenly spread components, about 8 bits per sub-pixel
        LogisticMixture mixture = new LogisticMixture(PixelLikelihood.DEFAULT_MIXTURES);
        double[] zero = new double[mixture.parameters()];
        double bits = 0;
        for (int v = 0; v < LEVELS; v++) {
            double probability = Math.exp(mixture.logProbability(zero, 0, v));
            bits -= probability * Math.log(probability) / Math.log(2);
            assertTrue(probability > 1.0 / LEVELS / 2 && probability < 1.0 / LEVELS * 10, "value " + v + ": " + probability);
        }
        assertTrue(bits > 7.85, "entropy " + bits + " bits");
    }
}
