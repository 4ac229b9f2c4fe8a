package io.pixelcnn.ml;

import io.pixelcnn.data.BadInputException;
import io.pixelcnn.data.ImageColumn;
import io.pixelcnn.data.ImagePreparer;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.PreparedImage;
import io.pixelcnn.data.ReadMode;
import io.pixelcnn.eval.BitsPerDim;
import io.pixelcnn.eval.ImageScores;
import io.pixelcnn.io.ModelBytes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@code transform}'s work on an executor: each row's image prepared by the data stage, scored in
 * minibatches by the eval stage, and the row handed back with its bits/dim and NLL. A malformed image
 * (kept by DROPMALFORMED) keeps its row, with nulls: rows are joined back to labels and ids, and Spark's
 * aggregates skip nulls. For a class-conditional model each image is scored given its row's class
 * ({@link RowLabels}), through the same likelihood {@code score} uses.
 */
final class RowScorer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> model;
    private final ImageColumn column;
    private final ImagePreparer preparer;
    private final ImageShape shape;
    private final int batchSize;
    /** The rows' classes for a class-conditional model; null for an unconditional one. */
    private final RowLabels labels;

    RowScorer(Broadcast<byte[]> model, ImageColumn column, ImagePreparer preparer, ImageShape shape, int batchSize,
              RowLabels labels) {
        this.model = model;
        this.labels = labels;
        this.column = column;
        this.preparer = preparer;
        this.shape = shape;
        this.batchSize = batchSize;
    }

    Iterator<Row> score(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        List<RowImage> images = new ArrayList<>();
        for (long i = 0; rows.hasNext(); i++) {
            Row row = rows.next();
            PreparedImage image = column.prepare(row, preparer, "row " + i + " of a partition");
            byte[] pixels = pixels(image);
            images.add(new RowImage(row, pixels, labels == null || pixels == null ? -1 : labels.classOf(row, image.name())));
        }
        ComputationGraph restored = ModelBytes.restore(model.value(), false);
        List<ImageScores.Scored<RowImage>> scored = labels == null
                ? ImageScores.inBatches(restored, images.iterator(), RowImage::pixels, shape, batchSize)
                : ImageScores.inLabelledBatches(restored, images.iterator(), RowImage::pixels, RowImage::label, shape,
                        batchSize);
        return scored.stream().map(image -> withScores(image.item().row(), image.nats())).iterator();
    }

    /** The pixels of an image the model takes; null for one the mode drops (a failing mode has thrown already). */
    private byte[] pixels(PreparedImage image) {
        if (image.has(shape)) {
            return image.pixels();
        }
        if (image.isUsable() && preparer.preparation().mode() == ReadMode.FAILFAST) {
            throw new BadInputException(image.name() + ": " + image.shape() + " image, but the model takes " + shape
                    + " (fit with imageSize to fit images of every size)");
        }
        return null;
    }

    private Row withScores(Row row, double nats) {
        Object[] values = new Object[row.length() + 2];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        boolean scored = !Double.isNaN(nats);
        values[row.length()] = scored ? BitsPerDim.of(nats, 1, shape.dims()) : null;
        values[row.length() + 1] = scored ? nats : null;
        return RowFactory.create(values);
    }

    /** A row, its image's pixels (null: dropped) and, for a conditional model, its class index. */
    private record RowImage(Row row, byte[] pixels, int label) {
    }
}
