package io.pixelcnn.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The runs of {@code bench --scaling} side by side: per N and method, the mean final test bits/dim over the
 * seeds with its spread (half the range), and how far it is from one model's.
 */
final class ScalingTable {

    private static final String[] COLOURS = {"#000000", "#d62728", "#1f77b4", "#2ca02c"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int MARGIN = 50;

    private final List<ScalingResult> results;

    ScalingTable(List<ScalingResult> results) {
        this.results = List.copyOf(results);
    }

    /** Every measured point: n, method, seed, images, test bits/dim. */
    String csv() {
        StringBuilder csv = new StringBuilder("n,method,seed,images,test_bits_per_dim,run_seconds\n");
        for (ScalingResult r : results) {
            for (int i = 0; i < r.images().size(); i++) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%.6f,%.1f%n", r.n(), key(r.method()), r.seed(),
                        r.images().get(i), r.testBitsPerDim().get(i), r.seconds()));
            }
        }
        return csv.toString();
    }

    String markdown(ScalingSettings s) {
        double single = mean(finals(ScalingMethod.SINGLE, 1));
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%,d training images (%d passes over the first %,d), batch %d per replica, "
                        + "learning rate %s, averaging every %d minibatches, %,d test images, seeds %s%n%n",
                s.images(), s.passes(), s.imagesPerPass(), s.batch(), s.learningRate(), s.averagingFrequency(),
                s.evalImages(), s.seeds()));
        md.append("| N | method | test bits/dim (mean ± half range) | runs | vs one model |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, List<Double>> row : rows().entrySet()) {
            List<Double> finals = row.getValue();
            double mean = mean(finals);
            md.append(String.format(Locale.ROOT, "| %s | %.4f ± %.4f | %d | %+.2f%% |%n", row.getKey(), mean,
                    halfRange(finals), finals.size(), 100 * (mean / single - 1)));
        }
        return md.toString();
    }

    /** Test bits/dim against training images, one panel-less plot: a line per (N, method), mean over seeds. */
    String svg() {
        double minY = results.stream().flatMap(r -> r.testBitsPerDim().stream()).mapToDouble(d -> d).min().orElse(0);
        double maxY = results.stream().flatMap(r -> r.testBitsPerDim().stream()).mapToDouble(d -> d).max().orElse(1);
        long maxX = results.stream().flatMap(r -> r.images().stream()).mapToLong(x -> x).max().orElse(1);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">training images (max %,d)</text>%n",
                WIDTH / 2 - 60, HEIGHT - 10, maxX));
        svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%.3f</text><text x=\"5\" y=\"%d\">%.3f</text>%n",
                MARGIN, maxY, HEIGHT - MARGIN, minY));
        int line = 0;
        for (ScalingMethod method : ScalingMethod.values()) {
            for (int n : ns(method)) {
                List<ScalingResult> runs = runs(method, n);
                List<String> points = new ArrayList<>();
                for (int i = 0; i < runs.get(0).images().size(); i++) {
                    int point = i;
                    double y = runs.stream().mapToDouble(r -> r.testBitsPerDim().get(point)).average().orElse(0);
                    points.add(String.format(Locale.ROOT, "%.1f,%.1f",
                            MARGIN + (WIDTH - 2.0 * MARGIN) * runs.get(0).images().get(i) / maxX,
                            HEIGHT - MARGIN - (HEIGHT - 2.0 * MARGIN) * (y - minY) / Math.max(1e-9, maxY - minY)));
                }
                String colour = COLOURS[method.ordinal() % COLOURS.length];
                String dash = n <= 2 ? "" : " stroke-dasharray=\"" + (n / 2) + "," + (n / 2) + "\"";
                svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\"%s points=\"%s\"/>%n",
                        colour, dash, String.join(" ", points)));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s, N = %d</text>%n",
                        WIDTH - 190, 20 + 14 * line++, colour, method.label(), n));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private Map<String, List<Double>> rows() {
        Map<String, List<Double>> rows = new LinkedHashMap<>();
        rows.put("1 | " + ScalingMethod.SINGLE.label(), finals(ScalingMethod.SINGLE, 1));
        List<Integer> ns = results.stream().map(ScalingResult::n).filter(n -> n > 1).distinct().sorted().toList();
        for (int n : ns) {
            for (ScalingMethod method : List.of(ScalingMethod.PLAIN, ScalingMethod.DEFAULTS, ScalingMethod.SYNC)) {
                List<Double> finals = finals(method, n);
                if (!finals.isEmpty()) {
                    rows.put(n + " | " + method.label(), finals);
                }
            }
        }
        return rows;
    }

    private List<Integer> ns(ScalingMethod method) {
        return results.stream().filter(r -> r.method() == method).map(ScalingResult::n).distinct().sorted().toList();
    }

    private List<ScalingResult> runs(ScalingMethod method, int n) {
        return results.stream().filter(r -> r.method() == method && r.n() == n).collect(Collectors.toList());
    }

    private List<Double> finals(ScalingMethod method, int n) {
        return runs(method, n).stream().map(ScalingResult::finalBitsPerDim).toList();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
    }

    private static double halfRange(List<Double> values) {
        double max = values.stream().mapToDouble(d -> d).max().orElse(0);
        double min = values.stream().mapToDouble(d -> d).min().orElse(0);
        return (max - min) / 2;
    }

    private static String key(ScalingMethod method) {
        return method.name().toLowerCase(Locale.ROOT);
    }
}
