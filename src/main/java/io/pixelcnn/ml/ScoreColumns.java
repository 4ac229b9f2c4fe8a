package io.pixelcnn.ml;

import io.pixelcnn.data.BadInputException;
import io.pixelcnn.data.ImageColumn;
import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** What {@link PixelCnnModel#transform} adds to every row, with the names {@code score}'s table uses. */
final class ScoreColumns {

    static final String BITS_PER_DIM = "bits_per_dim";
    static final String NLL_NATS = "nll_nats";
    /** The estimator's and the model's inputCol: the same column, the same layouts. */
    static final String INPUT_COL_DOC = "the column of images: binary, a struct with 'bytes', binaryFile's 'content' "
            + "or Spark's image struct";

    /** The estimator's and the model's labelCol: fit's classes and transform's class of each row. */
    static final String LABEL_COL_DOC = "the column of each image's class (strings or integers) for a "
            + "class-conditional model; empty: an unconditional model";

    private ScoreColumns() {
    }

    /**
     * The image column {@code inputCol} of {@code schema}, or Spark ML's kind of error naming the Param:
     * an {@link IllegalArgumentException}, as a missing or mistyped column is everywhere in Spark ML.
     */
    static ImageColumn imageColumn(StructType schema, String inputCol) {
        try {
            return ImageColumn.find(schema, inputCol, "the DataFrame", "the inputCol parameter");
        } catch (BadInputException e) {
            throw new IllegalArgumentException("inputCol: " + e.getMessage(), e);
        }
    }

    /** Refuses, as Spark ML refuses a missing column, a labelCol {@code schema} lacks (blank: no labels asked for). */
    static void requireLabelColumn(StructType schema, String labelCol) {
        if (!labelCol.isBlank() && !Arrays.asList(schema.fieldNames()).contains(labelCol)) {
            throw new IllegalArgumentException("labelCol: the DataFrame has no column '" + labelCol + "' (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
    }

    /** {@code schema} with the two score columns (nullable: a malformed image, dropped by the mode, scores nothing). */
    static StructType appendedTo(StructType schema) {
        for (String name : new String[]{BITS_PER_DIM, NLL_NATS}) {
            if (Arrays.asList(schema.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("the DataFrame already has a column '" + name + "'");
            }
        }
        return schema.add(BITS_PER_DIM, DataTypes.DoubleType, true).add(NLL_NATS, DataTypes.DoubleType, true);
    }
}
