package io.pixelcnn.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Views into row-major arrays made directly from offsets and strides. The recurrent layers take several
 * views per step; ND4J's general indexing ({@code get(NDArrayIndex...)}) resolves each one through a
 * chain of index objects, which costs more than the small native ops the views feed.
 */
public final class ArrayViews {

    private ArrayViews() {
    }

    /** The contiguous block of {@code shape} starting {@code offset} elements into row-major {@code base}. */
    public static INDArray block(INDArray base, long offset, long... shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strided(base, offset, shape, strides);
    }

    /** A view of {@code shape} and element {@code strides} starting {@code offset} elements into {@code base}. */
    public static INDArray strided(INDArray base, long offset, long[] shape, long[] strides) {
        requireRowMajor(base);
        return Nd4j.create(base.data(), shape, strides, base.offset() + offset, 'c', base.dataType());
    }

    private static void requireRowMajor(INDArray base) {
        if (base.ordering() != 'c' || base.elementWiseStride() != 1) {
            throw new IllegalArgumentException("views need a contiguous row-major array, got " + base.shapeInfoToString());
        }
    }
}
