package io.pixelcnn.model.diagonal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Diagonal BiLSTM's change of coordinates (van den Oord et al. 2016, figure 3): row r of a map is
 * shifted right by r, so that every diagonal of the image becomes one column, and the recurrence can run
 * column by column. Mirrored, the columns are taken right to left first, so the same recurrence runs from
 * the image's right edge. Plain maps are channels-last {@code [N, H, W, C]} (any strides, e.g. a slice of
 * the channels); skewed maps are {@code [W+H-1, C, N, H]}, row-major: one step of the recurrence per
 * column, its channels outermost. Positions outside the image are zero in a skewed map.
 *
 * <p>Pixel (r, c) goes to skewed column {@code c + r} (mirrored: {@code W-1-c + r}). A column of the image
 * thus lands on a diagonal of the skewed map, one element further on per row: one strided copy per image
 * column, and no separate mirroring pass (libnd4j's reverse op took longer than the whole recurrence).
 */
final class Skew {

    private Skew() {
    }

    /** Columns of the skewed map of an {@code height x width} image: its diagonals. */
    static long steps(long height, long width) {
        return height + width - 1;
    }

    /** Writes {@code plain} into the (zeroed) {@code skewed}. */
    static void skew(INDArray plain, INDArray skewed, boolean mirrored) {
        long width = plain.size(2);
        for (int c = 0; c < width; c++) {
            skewedColumn(skewed, mirrored ? width - 1 - c : c).assign(plainColumn(plain, c));
        }
    }

    /** Reads {@code skewed} back into {@code plain}: the inverse of {@link #skew}. */
    static void unskew(INDArray skewed, INDArray plain, boolean mirrored) {
        long width = plain.size(2);
        for (int c = 0; c < width; c++) {
            plainColumn(plain, c).assign(skewedColumn(skewed, mirrored ? width - 1 - c : c));
        }
    }

    /** Column c of a plain map as {@code [H, C, N]}. */
    private static INDArray plainColumn(INDArray plain, int c) {
        long[] stride = plain.stride();
        return Nd4j.create(plain.data(), new long[]{plain.size(1), plain.size(3), plain.size(0)},
                new long[]{stride[1], stride[3], stride[0]}, plain.offset() + c * stride[2], 'c', plain.dataType());
    }

    /** The diagonal of a skewed map starting at column {@code start} of row 0, as {@code [H, C, N]}. */
    private static INDArray skewedColumn(INDArray skewed, long start) {
        long channels = skewed.size(1);
        long images = skewed.size(2);
        long height = skewed.size(3);
        long column = channels * images * height;
        return Nd4j.create(skewed.data(), new long[]{height, channels, images},
                new long[]{column + 1, images * height, height}, skewed.offset() + start * column, 'c',
                skewed.dataType());
    }
}
