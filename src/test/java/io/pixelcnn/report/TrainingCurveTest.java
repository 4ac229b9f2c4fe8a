package io.pixelcnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** curve.png shows the progress of the last epochs, not only the drop from the untrained 8 bits/dim. */
class TrainingCurveTest {

    /** Test bits/dim of a ten-epoch run shaped like the quickstart's: a big first drop, then slow progress. */
    private static final double[] TEST = {8.0, 3.57, 3.44, 3.39, 3.36, 3.34, 3.32, 3.31, 3.30, 3.295, 3.29};

    @Test
    void theLastEpochsLineSpansAVisibleShareOfThePlotsHeight() throws Exception {
        XYChart chart = TrainingCurve.chart(rows(TEST.length));
        // measured without the legend, whose sample of the test colour would count as part of the line
        chart.getStyler().setLegendVisible(false);
        BufferedImage plot = ImageIO.read(new ByteArrayInputStream(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG)));
        int test = TrainingCurve.TEST.getRGB();
        int left = Integer.MAX_VALUE;
        int right = -1;
        for (int x = 0; x < plot.getWidth(); x++) {
            for (int y = 0; y < plot.getHeight(); y++) {
                if (plot.getRGB(x, y) == test) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        assertTrue(right > left, "the test series is drawn in its colour");
        // the second half of the epochs shown (5 to 10: 3.34 -> 3.29): on one scale with epoch 0 their line and
        // markers span 3% of the image's height (measured with epoch 0 put back on the scale), without it 9%
        int top = Integer.MAX_VALUE;
        int bottom = -1;
        for (int x = (left + right) / 2; x <= right; x++) {
            for (int y = 0; y < plot.getHeight(); y++) {
                if (plot.getRGB(x, y) == test) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        double share = (bottom - top) / (double) plot.getHeight();
        assertTrue(share > 0.07, "the last epochs' line spans " + Math.round(share * 100) + "% of the plot's height");
    }

    @Test
    void theUntrainedModelIsNamedInTheTitleWhenLeftOffTheScale() {
        XYChart chart = TrainingCurve.chart(rows(TEST.length));
        assertEquals("bits per dimension (epoch 0, untrained, off the scale: train 7.95, test 8.00)", chart.getTitle());
        assertEquals(TEST.length - 1, chart.getSeriesMap().get("test").getXData().length, "epochs 1 to 10");
    }

    @Test
    void withOneTrainedEpochEveryEpochIsShown() {
        XYChart chart = TrainingCurve.chart(rows(2));
        assertEquals("bits per dimension", chart.getTitle());
        assertEquals(2, chart.getSeriesMap().get("test").getXData().length, "epochs 0 and 1: no range to read otherwise");
    }

    private static List<EpochMetrics> rows(int epochs) {
        List<EpochMetrics> rows = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            rows.add(new EpochMetrics(epoch, TEST[epoch] - 0.05, TEST[epoch], TEST[epoch], 1000L * epoch, 10, 2, 0.001));
        }
        return rows;
    }
}
