package io.pixelcnn.sample.cached;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a class bias adds for the batch: row {@code class of image i} of its V as row i, picked once per batch
 * ({@link #select}) and then added at every position, since the class is the same over an image.
 */
final class ClassRows {

    private final INDArray table;
    private final INDArray rows;

    /** {@code table}: the vertex's V, {@code [classes, channels]}. */
    ClassRows(INDArray table, int batch) {
        this.table = table.castTo(DataType.FLOAT).dup();
        this.rows = Nd4j.create(DataType.FLOAT, batch, table.size(1));
    }

    int classes() {
        return (int) table.size(0);
    }

    /** Row i becomes V[classes[i]]; the caller has checked the classes. */
    void select(int[] classes) {
        for (int i = 0; i < classes.length; i++) {
            rows.getRow(i).assign(table.getRow(classes[i]));
        }
    }

    INDArray rows() {
        return rows;
    }
}
