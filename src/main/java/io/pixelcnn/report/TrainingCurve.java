package io.pixelcnn.report;

import io.pixelcnn.train.EpochMetrics;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning curve of a run: exact train and test bits/dim after every epoch. The untrained model
 * (epoch 0, about 8 bits/dim) is left off the scale once two epochs are trained, and its figures are named in
 * the title instead: on the same scale the drop from 8 takes nearly all the height and the progress of the
 * later epochs, the part worth reading, would be a flat line at the bottom.
 */
public final class TrainingCurve {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);
    static final Color TEST = new Color(0xd6, 0x27, 0x28);
    /** Room above and below the trained epochs' range, as a fraction of it. */
    private static final double MARGIN = 0.08;

    private TrainingCurve() {
    }

    public static byte[] png(List<EpochMetrics> rows) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart(rows), BitmapEncoder.BitmapFormat.PNG);
    }

    static XYChart chart(List<EpochMetrics> rows) {
        List<EpochMetrics> trained = rows.stream().filter(r -> r.epoch() > 0).toList();
        boolean untrainedOffScale = trained.size() >= 2 && trained.size() < rows.size();
        List<EpochMetrics> shown = untrainedOffScale ? trained : rows;
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title(rows, untrainedOffScale))
                .xAxisTitle("epoch").yAxisTitle("bits/dim").build();
        double[] epochs = shown.stream().mapToDouble(EpochMetrics::epoch).toArray();
        double[] train = shown.stream().mapToDouble(EpochMetrics::trainBitsPerDim).toArray();
        double[] test = shown.stream().mapToDouble(EpochMetrics::testBitsPerDim).toArray();
        style(chart.addSeries("train", epochs, train), SeriesMarkers.CIRCLE, TRAIN);
        style(chart.addSeries("test", epochs, test), SeriesMarkers.DIAMOND, TEST);
        double low = Math.min(min(train), min(test));
        double high = Math.max(max(train), max(test));
        double margin = Math.max(high - low, 1e-3) * MARGIN;
        chart.getStyler().setXAxisDecimalPattern("0").setYAxisDecimalPattern(high - low < 0.1 ? "0.000" : "0.00")
                .setYAxisMin(low - margin).setYAxisMax(high + margin);
        return chart;
    }

    private static void style(XYSeries series, Marker marker, Color colour) {
        series.setMarker(marker);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
    }

    private static String title(List<EpochMetrics> rows, boolean untrainedOffScale) {
        if (!untrainedOffScale) {
            return "bits per dimension";
        }
        EpochMetrics untrained = rows.stream().filter(r -> r.epoch() == 0).findFirst().orElseThrow();
        return String.format(Locale.ROOT, "bits per dimension (epoch 0, untrained, off the scale: train %.2f, test %.2f)",
                untrained.trainBitsPerDim(), untrained.testBitsPerDim());
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }
}
