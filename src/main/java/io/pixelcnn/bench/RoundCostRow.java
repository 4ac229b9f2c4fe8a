package io.pixelcnn.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The measured rounds of one (workers, model).
 *
 * @param workers         model replicas, one task each per round
 * @param model           the model's width and depth
 * @param parameters      its parameter count
 * @param updaterState    values of Adam's state (its two moment estimates: twice the parameters)
 * @param bytesPerValue   bytes of one value (4: float)
 * @param roundsRun       rounds the epoch ran, warm-up included
 * @param parameterChange the L2 norm of the driver model's change over the epoch: the rounds did train it
 * @param rounds          the timed rounds (after the warm-up), each split into its parts
 */
record RoundCostRow(int workers, RoundModel model, long parameters, long updaterState, int bytesPerValue,
                    int roundsRun, double parameterChange, List<RoundParts> rounds) {

    /** What the driver broadcasts to each worker and each worker sends back: parameters and updater state. */
    long payloadBytes() {
        return (parameters + updaterState) * bytesPerValue;
    }

    /** Out to every worker and back from every worker. */
    long bytesPerRound() {
        return 2L * workers * payloadBytes();
    }

    double median(ToDoubleFunction<RoundParts> part) {
        double[] values = rounds.stream().mapToDouble(part).sorted().toArray();
        int n = values.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    double min(ToDoubleFunction<RoundParts> part) {
        return rounds.stream().mapToDouble(part).min().orElse(Double.NaN);
    }

    double max(ToDoubleFunction<RoundParts> part) {
        return rounds.stream().mapToDouble(part).max().orElse(Double.NaN);
    }

    /** Each timed round's seconds, in order. */
    double[] seconds() {
        return rounds.stream().mapToDouble(RoundParts::seconds).toArray();
    }

    @Override
    public String toString() {
        return workers + " workers, " + model.label() + ": " + Arrays.toString(seconds());
    }
}
