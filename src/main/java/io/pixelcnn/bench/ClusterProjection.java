package io.pixelcnn.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time to a target bits/dim on N executors, on paper from measured parts: per model, the rounds' fixed cost
 * (a measured round less its fit) fitted as a + b N and as a + b log2 N, whichever fits the measured workers
 * better (the linear one on a tie: the more pessimistic for large N); the network time of the round's
 * bytes; the compute of H minibatches; and the rounds needed, from {@link ProjectionAssumptions}:
 * <pre>
 *   rounds(N)  = images(N) / (N B H)
 *   round(N)   = H B / imagesPerSecond(P) + fixed(N) + 2 N bytes / bandwidth
 *   time(N)    = rounds(N) round(N)
 * </pre>
 */
final class ClusterProjection {

    /** The fixed cost of a round against workers: a + b x, x being N or log2 N. */
    record Fit(double a, double b, boolean logarithmic, double squaredError) {

        double at(int workers) {
            return a + b * x(workers, logarithmic);
        }

        String describe() {
            return String.format(Locale.ROOT, "%.4f + %.5f %s s (squared error %.2e)", a, b,
                    logarithmic ? "log2 N" : "N", squaredError);
        }
    }

    /** One projected figure. */
    record Projection(int executors, double rounds, double computeSeconds, double fixedSeconds,
                      double networkSeconds, double hours) {
    }

    private final ProjectionAssumptions assume;

    ClusterProjection(ProjectionAssumptions assume) {
        this.assume = assume;
    }

    /** Least squares of {@code seconds} against {@code workers} (or their log2). */
    static Fit fit(int[] workers, double[] seconds, boolean logarithmic) {
        int n = workers.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x(workers[i], logarithmic) / n;
            my += seconds[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = x(workers[i], logarithmic) - mx;
            sxy += dx * (seconds[i] - my);
            sxx += dx * dx;
        }
        double b = sxx > 0 ? sxy / sxx : 0; // one number of workers: no slope to see
        double a = my - b * mx;
        double error = 0;
        for (int i = 0; i < n; i++) {
            double residual = seconds[i] - (a + b * x(workers[i], logarithmic));
            error += residual * residual;
        }
        return new Fit(a, b, logarithmic, error);
    }

    /** The better of the two fits; the linear one unless the logarithmic one is clearly better. */
    static Fit better(int[] workers, double[] seconds) {
        Fit linear = fit(workers, seconds, false);
        Fit log = fit(workers, seconds, true);
        return log.squaredError() < linear.squaredError() * 0.999 - 1e-12 ? log : linear;
    }

    private static double x(int workers, boolean logarithmic) {
        return logarithmic ? Math.log(workers) / Math.log(2) : workers;
    }

    Projection project(int executors, long parameters, long payloadBytes, Fit fixed) {
        double imagesPerRound = (double) executors * assume.batch() * assume.averagingFrequency();
        double rounds = Math.ceil(assume.imagesToTarget(executors) / imagesPerRound);
        double compute = assume.averagingFrequency() * assume.batch() / assume.imagesPerSecond(parameters);
        double fixedSeconds = Math.max(0, fixed.at(executors));
        double network = 2.0 * executors * payloadBytes * 8 / (assume.bandwidthGbit() * 1e9);
        return new Projection(executors, rounds, compute, fixedSeconds, network,
                rounds * (compute + fixedSeconds + network) / 3600);
    }

    String markdown(List<RoundCostRow> rows) {
        StringBuilder md = new StringBuilder("### Round-cost projection: time to the target on N executors\n\n");
        md.append(assume.describe()).append("\n\n");
        StringBuilder table = new StringBuilder("| model | parameters | N | rounds | compute s/round | fixed s/round "
                + "| network s/round | hours to target |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<RoundModel, List<RoundCostRow>> model : byModel(rows).entrySet()) {
            List<RoundCostRow> measured = model.getValue();
            int[] workers = measured.stream().mapToInt(RoundCostRow::workers).toArray();
            double[] fixed = measured.stream().mapToDouble(r -> r.median(RoundParts::fixedCost)).toArray();
            Fit fit = better(workers, fixed);
            Fit other = fit(workers, fixed, !fit.logarithmic());
            RoundCostRow first = measured.get(0);
            md.append(String.format(Locale.ROOT, "- %s: fixed cost per round %s, used; the other fit: %s%n",
                    model.getKey().label(), fit.describe(), other.describe()));
            for (int n : assume.executors()) {
                Projection p = project(n, first.parameters(), first.payloadBytes(), fit);
                table.append(String.format(Locale.ROOT, "| %s | %,d | %d | %,.0f | %.3f | %.3f | %.3f | %.2f |%n",
                        model.getKey().label(), first.parameters(), n, p.rounds(), p.computeSeconds(),
                        p.fixedSeconds(), p.networkSeconds(), p.hours()));
            }
        }
        return md.append("\n").append(table).toString();
    }

    private static Map<RoundModel, List<RoundCostRow>> byModel(List<RoundCostRow> rows) {
        Map<RoundModel, List<RoundCostRow>> models = new LinkedHashMap<>();
        for (RoundCostRow row : rows) {
            models.computeIfAbsent(row.model(), m -> new ArrayList<>()).add(row);
        }
        return models;
    }
}
