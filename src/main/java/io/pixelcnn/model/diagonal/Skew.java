package io.pixelcnn.model.diagonal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Diagonal BiLSTM's change of coordinates (van den Oord et al. 2016, figure 3): row r of a map is
 * shifted right by r, so that every diagonal of the image becomes one column, and the recurrence can run
 * column by column. Plain maps are channels-last {@code [N, H, W, C]} (any strides, e.g. a slice of the
 * channels); skewed maps are {@code [W+H-1, C, N, H]}, row-major: one step of the recurrence per column,
 * its channels outermost. Positions outside the image are zero in a skewed map.
 */
final class Skew {

    private Skew() {
    }

    /** Columns of the skewed map of an {@code height x width} image: its diagonals. */
    static long steps(long height, long width) {
        return height + width - 1;
    }

    /** Writes {@code plain} into the (zeroed) {@code skewed}: pixel (r, c) goes to column c + r. */
    static void skew(INDArray plain, INDArray skewed) {
        long height = plain.size(1);
        for (int r = 0; r < height; r++) {
            skewedRow(skewed, r, plain.size(2)).assign(plainRow(plain, r));
        }
    }

    /** Reads {@code skewed} back into {@code plain}: the inverse of {@link #skew}. */
    static void unskew(INDArray skewed, INDArray plain) {
        long height = plain.size(1);
        for (int r = 0; r < height; r++) {
            plainRow(plain, r).assign(skewedRow(skewed, r, plain.size(2)));
        }
    }

    /** {@code map} with its columns in reverse order, into {@code out} (channels-last, same shape). */
    static INDArray mirror(INDArray map, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("reverse").addInputs(map).addOutputs(out).addIntegerArguments(2).build());
        return out;
    }

    /** Row r of a plain map as {@code [W, C, N]}. */
    private static INDArray plainRow(INDArray plain, int r) {
        long[] stride = plain.stride();
        return Nd4j.create(plain.data(), new long[]{plain.size(2), plain.size(3), plain.size(0)},
                new long[]{stride[2], stride[3], stride[0]}, plain.offset() + r * stride[1], 'c', plain.dataType());
    }

    /** Row r of a skewed map, columns r .. r+width-1, as {@code [W, C, N]}. */
    private static INDArray skewedRow(INDArray skewed, int r, long width) {
        long channels = skewed.size(1);
        long images = skewed.size(2);
        long height = skewed.size(3);
        long column = channels * images * height;
        return Nd4j.create(skewed.data(), new long[]{width, channels, images},
                new long[]{column, images * height, height}, skewed.offset() + r * column + r, 'c', skewed.dataType());
    }
}
