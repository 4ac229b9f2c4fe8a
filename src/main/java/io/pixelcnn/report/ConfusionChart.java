package io.pixelcnn.report;

import io.pixelcnn.eval.Classification;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * The confusion matrix of a generative classifier as a heat map: rows the true class (the first at the top, as
 * the matrix reads in classify.json), columns the predicted class, each cell its image count, both axes named
 * by the classes. A good model puts its mass on the diagonal; a dark cell off it is a pair of classes the
 * model mixes up.
 */
public final class ConfusionChart {

    /** Room per class, so that ten class names still fit under their columns. */
    private static final int CELL = 64;
    private static final int MARGIN = 220;
    private static final Color[] WHITE_TO_BLUE = {new Color(0xf7, 0xfb, 0xff), new Color(0x6b, 0xae, 0xd6),
            new Color(0x31, 0x82, 0xbd)};

    private ConfusionChart() {
    }

    public static byte[] png(Classification result) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart(result), BitmapEncoder.BitmapFormat.PNG);
    }

    static HeatMapChart chart(Classification result) {
        List<String> classes = result.classes();
        int k = classes.size();
        HeatMapChart chart = new HeatMapChartBuilder().width(MARGIN + CELL * k).height(MARGIN + CELL * k)
                .title(String.format(Locale.ROOT, "accuracy %.4f over %d images", result.accuracy(), result.images()))
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        // the chart's y axis grows upwards: the rows go in reversed so that the first class is at the top
        List<String> rowsUpwards = new ArrayList<>(classes);
        Collections.reverse(rowsUpwards);
        long[][] confusion = result.totals().confusion();
        List<Number[]> cells = new ArrayList<>();
        long largest = 1;
        for (int row = 0; row < k; row++) {
            for (int column = 0; column < k; column++) {
                cells.add(new Number[]{column, k - 1 - row, confusion[row][column]});
                largest = Math.max(largest, confusion[row][column]);
            }
        }
        chart.addSeries("images", classes, rowsUpwards, cells);
        chart.getStyler().setShowValue(true).setHeatMapValueDecimalPattern("0").setRangeColors(WHITE_TO_BLUE)
                .setMin(0).setMax(largest).setValueFontColor(Color.BLACK);
        chart.getStyler().setXAxisLabelRotation(45);
        return chart;
    }
}
