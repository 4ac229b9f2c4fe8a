package io.pixelcnn.ml;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The mean bits/dim of a {@link PixelCnnModel#transform}ed DataFrame: {@code evaluate}'s figure (every
 * image has the same number of sub-pixels, so the mean of the per-image figures is the total's). Smaller
 * is better, so {@code CrossValidator} and {@code TrainValidationSplit} keep the model with the least.
 */
public final class BitsPerDimEvaluator extends Evaluator implements DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> bitsPerDimCol;

    public BitsPerDimEvaluator() {
        this(Identifiable.randomUID("bitsPerDimEval"));
    }

    public BitsPerDimEvaluator(String uid) {
        this.uid = uid;
        bitsPerDimCol = new Param<>(uid, "bitsPerDimCol", "the column of per-image bits/dim that transform adds");
        setDefault(bitsPerDimCol, ScoreColumns.BITS_PER_DIM);
    }

    public static MLReader<BitsPerDimEvaluator> read() {
        return new DefaultParamsReader<>();
    }

    public static BitsPerDimEvaluator load(String path) {
        return read().load(path);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Malformed images, kept with a null score, are left out, as {@code evaluate} leaves them out. */
    @Override
    public double evaluate(Dataset<?> dataset) {
        Row mean = dataset.agg(avg(col($(bitsPerDimCol)))).head();
        if (mean.isNullAt(0)) {
            throw new IllegalArgumentException("BitsPerDimEvaluator: no scored rows in column '" + $(bitsPerDimCol) + "'");
        }
        return mean.getDouble(0);
    }

    @Override
    public boolean isLargerBetter() {
        return false;
    }

    @Override
    public BitsPerDimEvaluator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public Param<String> bitsPerDimCol() {
        return bitsPerDimCol;
    }

    public BitsPerDimEvaluator setBitsPerDimCol(String value) {
        return (BitsPerDimEvaluator) set(bitsPerDimCol, value);
    }
}
