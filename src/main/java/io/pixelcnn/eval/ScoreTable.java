package io.pixelcnn.eval;

import static org.apache.spark.sql.functions.col;

import io.pixelcnn.cluster.RunningTasks;
import io.pixelcnn.io.AtomicFiles;
import io.pixelcnn.io.StorageFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Per-image scores as a table on any Hadoop file system: one row per image (image, bits_per_dim, nll_nats). */
public final class ScoreTable {

    public static final StructType SCHEMA = new StructType()
            .add("image", DataTypes.StringType, false)
            .add("bits_per_dim", DataTypes.DoubleType, false)
            .add("nll_nats", DataTypes.DoubleType, false);

    /** The formats {@link #write} knows. */
    public enum Format { PARQUET, CSV }

    private ScoreTable() {
    }

    /**
     * Writes through Spark's committer into a hidden folder renamed to {@code out} at the end, so a failed or
     * interrupted job leaves no table, not even an empty folder; {@code sorted}: least likely first.
     */
    public static void write(JavaRDD<ImageScore> scores, String out, Format format, boolean sorted) throws IOException {
        SparkSession spark = SparkSession.builder().sparkContext(scores.context()).getOrCreate();
        Dataset<Row> table = spark.createDataFrame(
                scores.map(s -> RowFactory.create(s.name(), s.bitsPerDim(), s.nllNats())), SCHEMA);
        if (sorted) {
            table = table.orderBy(col("bits_per_dim").desc(), col("image"));
        }
        DataFrameWriter<Row> writer = table.write().mode(SaveMode.ErrorIfExists);
        try {
            AtomicFiles.writeDirectory(new Path(out), scores.context().hadoopConfiguration(),
                    dir -> RunningTasks.endingTogether(scores.context(), () -> {
                        switch (format) {
                            case PARQUET -> writer.parquet(dir.toString());
                            case CSV -> writer.option("header", true).csv(dir.toString());
                            default -> throw new IllegalArgumentException("format " + format.name().toLowerCase(Locale.ROOT));
                        }
                    }));
        } catch (RuntimeException e) {
            // a full or unreachable file system, told by an executor deep inside Spark's "Job aborted": say it of the table
            throw StorageFaults.of(out, e).<RuntimeException>map(UncheckedIOException::new).orElse(e);
        }
    }
}
