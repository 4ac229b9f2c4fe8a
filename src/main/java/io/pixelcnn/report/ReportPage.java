package io.pixelcnn.report;

import io.pixelcnn.train.EpochMetrics;
import io.pixelcnn.train.TrainingRun;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's {@code report.html}: one self-contained page (images inlined as data URIs) that can be mailed
 * or opened straight from HDFS/S3 downloads: versions, configuration, metrics, curve, samples, timings.
 */
final class ReportPage {

    /** A PNG grid of images sampled after {@code epoch}. */
    record Samples(int epoch, byte[] png) {
    }

    private ReportPage() {
    }

    static String html(String runName, Map<String, String> versions, Map<String, String> config,
                       List<EpochMetrics> rows, byte[] curvePng, List<Samples> samples) {
        StringBuilder page = new StringBuilder(8192);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pixelcnn-spark run ")
                .append(escape(runName)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}td.k,th.k{text-align:left}")
                .append("figure{display:inline-block;margin:.5em;text-align:center}img.px{image-rendering:pixelated}")
                .append("</style></head><body>\n");
        page.append("<h1>pixelcnn-spark run <code>").append(escape(runName)).append("</code></h1>\n");
        page.append("<p>").append(summary(rows)).append("</p>\n");

        page.append("<h2>Bits per dimension</h2>\n").append(image(curvePng, "train and test bits/dim per epoch", ""));
        page.append(metricsTable(rows));

        page.append("<h2>Samples</h2>\n");
        for (Samples s : samples) {
            page.append("<figure>").append(image(s.png(), "samples after epoch " + s.epoch(), "px"))
                    .append("<figcaption>epoch ").append(s.epoch()).append("</figcaption></figure>\n");
        }

        page.append("<h2>Configuration</h2>\n").append(keyValueTable(config));
        page.append("<h2>Versions</h2>\n").append(keyValueTable(versions));
        return page.append("</body></html>\n").toString();
    }

    private static String summary(List<EpochMetrics> rows) {
        EpochMetrics last = rows.get(rows.size() - 1);
        double trainSeconds = rows.stream().mapToDouble(EpochMetrics::trainSeconds).sum();
        double evalSeconds = rows.stream().mapToDouble(EpochMetrics::evalSeconds).sum();
        return String.format(Locale.ROOT, "After epoch %d: test <b>%.4f</b> bits/dim, train %.4f bits/dim. "
                        + "Training %.0f s, evaluation %.0f s.", last.epoch(), last.testBitsPerDim(),
                last.trainBitsPerDim(), trainSeconds, evalSeconds);
    }

    private static String metricsTable(List<EpochMetrics> rows) {
        StringBuilder table = new StringBuilder("<table><tr><th>epoch</th><th>train bits/dim</th><th>test bits/dim</th>"
                + "<th>images</th><th>train s</th><th>eval s</th><th>images/s</th><th>learning rate</th></tr>\n");
        for (EpochMetrics r : rows) {
            table.append(String.format(Locale.ROOT,
                    "<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%d</td><td>%.1f</td><td>%.1f</td><td>%.0f</td><td>%s</td></tr>\n",
                    r.epoch(), r.trainBitsPerDim(), r.testBitsPerDim(), r.images(), r.trainSeconds(), r.evalSeconds(),
                    r.imagesPerSecond(), Double.isNaN(r.learningRate()) ? "" : TrainingRun.rate(r.learningRate())));
        }
        return table.append("</table>\n").toString();
    }

    private static String keyValueTable(Map<String, String> values) {
        StringBuilder table = new StringBuilder("<table>\n");
        values.forEach((key, value) -> table.append("<tr><th class=\"k\">").append(escape(key))
                .append("</th><td class=\"k\"><code>").append(escape(value)).append("</code></td></tr>\n"));
        return table.append("</table>\n").toString();
    }

    private static String image(byte[] png, String alt, String cssClass) {
        return "<img class=\"" + cssClass + "\" alt=\"" + escape(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">\n";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
