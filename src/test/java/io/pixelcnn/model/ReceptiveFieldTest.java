package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Which input pixels change the distribution of one output pixel: found by changing each input pixel in
 * turn. The plain PixelCNN has a blind spot above and to the right; the Gated PixelCNN and the Diagonal
 * BiLSTM do not; the Row LSTM sees a triangle above (van den Oord et al. 2016, figure 4).
 */
class ReceptiveFieldTest {

    private static final ImageShape SHAPE = new ImageShape(1, 12, 18);
    private static final int ROW = 9;
    private static final int COL = 8;

    @Test
    void plainPixelCnnNeverSeesTheBlindSpotAboveRight() {
        // a 7x7 mask-A entrance and three 3x3 blocks: rows up to 6 above and columns up to 6 either side
        boolean[][] field = field(ModelFamily.PIXELCNN, new ModelConfig(ModelFamily.PIXELCNN, 4, 3, 7, 3));
        assertFalse(field[ROW - 1][COL + 4], "(r-1, c+4) is in the blind spot");
        assertTrue(field[ROW - 1][COL + 3], "(r-1, c+3) is seen");
        assertTrue(field[ROW - 2][COL + 4], "(r-2, c+4) is seen: the blind spot is inside the field's extent");
        // row r-e is seen up to column c+2+e, until the entrance's 3 rows are passed: a triangle missing
        assertTrue(field[ROW - 3][COL + 5], "(r-3, c+5) is seen");
        assertFalse(field[ROW - 3][COL + 6], "(r-3, c+6) is in the blind spot too");
        assertTrue(field[ROW - 4][COL + 6], "(r-4, c+6) is seen");
    }

    /**
     * First layer 7 wide (the vertical stack 3 rows up and 3 columns either side, the horizontal 3 to the
     * left), then two layers of 3: one more each. The vertical stack reaches its own row, and is read one
     * row down: 6 rows above, 5 columns either side, all of them.
     */
    @Test
    void gatedPixelCnnSeesAFilledRectangleAboveAndTheRowToItsLeft() {
        boolean[][] field = field(ModelFamily.GATED_PIXELCNN, new ModelConfig(ModelFamily.GATED_PIXELCNN, 4, 2, 7, 3));
        assertTrue(field[ROW - 1][COL + 4], "(r-1, c+4): no blind spot");
        int reach = 3 + 2;
        for (int r = 0; r < SHAPE.height(); r++) {
            for (int c = 0; c < SHAPE.width(); c++) {
                boolean above = r >= ROW - reach - 1 && r < ROW && Math.abs(c - COL) <= reach;
                boolean left = r == ROW && c < COL && c >= COL - reach;
                assertEquals(above || left, field[r][c], "pixel (" + r + ", " + c + ")");
            }
        }
    }

    /**
     * Everything before the pixel in raster order, however far, with one exception: the last pixel of the
     * row above. The right-to-left states are read one row down, so row r-1 reaches (r, c) only through the
     * features of row r-1, and the mask-A entrance gives the feature at (r-1, x) the pixels left of x: no
     * feature of row r-1 lies right of its last pixel. (The same holds for the paper's architecture.)
     */
    @Test
    void diagonalBiLstmSeesTheWholeContext() {
        boolean[][] field = field(ModelFamily.DIAGONAL_BILSTM, new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 4, 1, 3, 3));
        assertTrue(field[ROW - 1][COL + 4], "(r-1, c+4): no blind spot");
        assertTrue(field[0][0] && field[0][SHAPE.width() - 1], "both top corners, 9 rows and 8 or 9 columns away");
        for (int r = 0; r < SHAPE.height(); r++) {
            for (int c = 0; c < SHAPE.width(); c++) {
                boolean before = r < ROW || (r == ROW && c < COL);
                boolean lastAbove = r == ROW - 1 && c == SHAPE.width() - 1;
                assertEquals(before && !lastAbove, field[r][c], "pixel (" + r + ", " + c + ")");
            }
        }
    }

    /**
     * One Row LSTM layer with 1 x 3 kernels after a 3x3 mask-A entrance. The state of row r reads the state
     * of row r-1 at columns c-1..c+1 and the row's own input at c-1..c, so the input of row r-e reaches it
     * from columns c-e-1..c+e; the entrance adds one column either side and the row above. In all: row r-e
     * (e >= 1) is seen from column c-e-2 to c+e, a triangle widening one column per row on each side, and
     * the current row only from c-2 to c-1: the Row LSTM does not see the whole context.
     */
    @Test
    void rowLstmSeesATriangleAbove() {
        boolean[][] field = field(ModelFamily.ROW_LSTM, new ModelConfig(ModelFamily.ROW_LSTM, 4, 1, 3, 3));
        for (int r = 0; r < SHAPE.height(); r++) {
            for (int c = 0; c < SHAPE.width(); c++) {
                int e = ROW - r;
                boolean seen = e >= 1 ? c >= COL - e - 2 && c <= COL + e : e == 0 && c >= COL - 2 && c <= COL - 1;
                assertEquals(seen, field[r][c], "pixel (" + r + ", " + c + ")");
            }
        }
        assertFalse(field[ROW][COL - 3], "the Row LSTM misses the far left of its own row");
        assertFalse(field[ROW - 1][COL + 2], "and the far right of the row above");
    }

    /** field[r][c]: whether changing input pixel (r, c) changes the output distribution at (ROW, COL). */
    private static boolean[][] field(ModelFamily family, ModelConfig config) {
        // double precision: influence that has crossed many LSTM steps can be far below a float's resolution
        ComputationGraph model = new ComputationGraph(ModelBuilder.configuration(config, SHAPE, new NoOp(),
                DataType.DOUBLE, 7));
        model.init();
        Causality.randomLogits(model);
        INDArray image = Causality.randomImage(1, SHAPE.height(), SHAPE.width(), 9).castTo(DataType.DOUBLE);
        INDArray before = distribution(model, image);
        boolean[][] field = new boolean[SHAPE.height()][SHAPE.width()];
        for (int r = 0; r < SHAPE.height(); r++) {
            for (int c = 0; c < SHAPE.width(); c++) {
                INDArray changed = image.dup();
                changed.putScalar(new int[]{0, 0, r, c}, 255 - changed.getDouble(0, 0, r, c));
                field[r][c] = distribution(model, changed).sub(before).amaxNumber().doubleValue() > 0;
            }
        }
        return field;
    }

    private static INDArray distribution(ComputationGraph model, INDArray image) {
        return model.outputSingle(image.dup()).get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(ROW),
                NDArrayIndex.point(COL)).dup();
    }
}
