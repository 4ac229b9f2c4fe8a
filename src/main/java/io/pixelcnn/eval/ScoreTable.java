package io.pixelcnn.eval;

import static org.apache.spark.sql.functions.col;

import io.pixelcnn.cluster.RunningTasks;
import io.pixelcnn.io.AtomicFiles;
import io.pixelcnn.io.StorageFaults;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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

/**
 * Per-image scores as a table on any Hadoop file system: one row per image (image, bits_per_dim, nll_nats;
 * under a class-conditional model image, class, bits_per_dim, nll_nats).
 */
public final class ScoreTable {

    public static final StructType SCHEMA = new StructType()
            .add("image", DataTypes.StringType, false)
            .add("bits_per_dim", DataTypes.DoubleType, false)
            .add("nll_nats", DataTypes.DoubleType, false);

    /** A class-conditional model's table: the class each image was scored given, after its name. */
    public static final StructType CLASS_SCHEMA = new StructType()
            .add("image", DataTypes.StringType, false)
            .add("class", DataTypes.StringType, false)
            .add("bits_per_dim", DataTypes.DoubleType, false)
            .add("nll_nats", DataTypes.DoubleType, false);

    /** The formats {@link #write} knows. */
    public enum Format { PARQUET, CSV }

    private ScoreTable() {
    }

    /** The CSV file's first line: the column names. */
    public static final String CSV_HEADER = String.join(",", SCHEMA.fieldNames());

    /**
     * Writes through Spark's committer into a hidden folder renamed to {@code out} at the end, so a failed or
     * interrupted job leaves no table, not even an empty folder; {@code sorted}: least likely first;
     * {@code replace}: an existing {@code out} is replaced once the new table is complete. Parquet is a folder
     * of part files, as Spark writes it (and reads it back); CSV is the one file a user named: Spark's parts,
     * written headless into a hidden folder beside it, joined in their order under one header line.
     */
    public static void write(JavaRDD<ImageScore> scores, String out, Format format, boolean sorted, boolean replace)
            throws IOException {
        write(scores, out, format, sorted, replace, false);
    }

    /** Like {@link #write(JavaRDD, String, Format, boolean, boolean)}; {@code withClass}: the scores of a conditional model, with a class column. */
    public static void write(JavaRDD<ImageScore> scores, String out, Format format, boolean sorted, boolean replace,
                             boolean withClass) throws IOException {
        SparkSession spark = SparkSession.builder().sparkContext(scores.context()).getOrCreate();
        Dataset<Row> table = withClass
                ? spark.createDataFrame(scores.map(s -> RowFactory.create(s.name(), s.className(), s.bitsPerDim(),
                        s.nllNats())), CLASS_SCHEMA)
                : spark.createDataFrame(scores.map(s -> RowFactory.create(s.name(), s.bitsPerDim(), s.nllNats())), SCHEMA);
        if (sorted) {
            table = table.orderBy(col("bits_per_dim").desc(), col("image"));
        }
        DataFrameWriter<Row> writer = table.write().mode(SaveMode.ErrorIfExists);
        Configuration conf = scores.context().hadoopConfiguration();
        Path target = new Path(out);
        try {
            switch (format) {
                case PARQUET -> AtomicFiles.writeDirectory(target, conf, replace,
                        dir -> RunningTasks.endingTogether(scores.context(), () -> writer.parquet(dir.toString())));
                case CSV -> writeCsvFile(writer, String.join(",", table.schema().fieldNames()), target, scores, conf);
                default -> throw new IllegalArgumentException("format " + format.name().toLowerCase(Locale.ROOT));
            }
        } catch (RuntimeException e) {
            // a full or unreachable file system, told by an executor deep inside Spark's "Job aborted": say it of the table
            throw StorageFaults.of(out, e).<RuntimeException>map(UncheckedIOException::new).orElse(e);
        }
    }

    /** One CSV file: Spark's part files, in partition order (the sort's order), under one header line. */
    private static void writeCsvFile(DataFrameWriter<Row> writer, String header, Path target, JavaRDD<ImageScore> scores,
            Configuration conf) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        Path qualified = fs.makeQualified(target);
        Path parts = new Path(qualified.getParent(), "." + qualified.getName() + ".parts-" + UUID.randomUUID());
        try {
            RunningTasks.endingTogether(scores.context(), () -> writer.option("header", false).csv(parts.toString()));
            List<Path> files = new ArrayList<>();
            for (FileStatus file : fs.listStatus(parts, path -> path.getName().startsWith("part-"))) {
                files.add(file.getPath());
            }
            Collections.sort(files);
            AtomicFiles.write(qualified, conf, out -> {
                out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
                for (Path part : files) {
                    try (InputStream in = fs.open(part)) {
                        in.transferTo(out);
                    }
                }
            });
        } finally {
            fs.delete(parts, true);
        }
    }
}
