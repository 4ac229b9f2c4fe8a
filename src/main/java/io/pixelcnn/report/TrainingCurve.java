package io.pixelcnn.report;

import io.pixelcnn.train.EpochMetrics;
import java.io.IOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The learning curve of a run: exact train and test bits/dim after every epoch (epoch 0: untrained). */
public final class TrainingCurve {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;

    private TrainingCurve() {
    }

    public static byte[] png(List<EpochMetrics> rows) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("bits per dimension")
                .xAxisTitle("epoch").yAxisTitle("bits/dim").build();
        double[] epochs = rows.stream().mapToDouble(EpochMetrics::epoch).toArray();
        chart.addSeries("train", epochs, rows.stream().mapToDouble(EpochMetrics::trainBitsPerDim).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("test", epochs, rows.stream().mapToDouble(EpochMetrics::testBitsPerDim).toArray())
                .setMarker(SeriesMarkers.DIAMOND);
        chart.getStyler().setXAxisDecimalPattern("0").setYAxisDecimalPattern("0.00");
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
