package io.pixelcnn.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Images in a column of a table that Spark SQL reads (Parquet, ORC or any other format), or of a DataFrame
 * a program hands over: any layout {@link ImageColumn} knows. Only that column (and the names beside it)
 * is read, on the executors, and each image is decoded where it was read, so compact pixels, not encoded
 * files, move through the mixing shuffle.
 */
final class TableSource implements ImageSource {

    private static final String PATH = "path";
    /** The row's number in the table: its name when it has no path, and its mixing key. */
    private static final String ROW_ID = "__pixelcnn_row";

    private final String location;
    private final Dataset<Row> rows;
    private final ImageColumn column;

    private TableSource(String location, Dataset<Row> rows, ImageColumn column) {
        this.location = location;
        this.rows = rows;
        this.column = column;
    }

    /** Reads the table's schema (only) on the driver and finds the image bytes and, if any, their names. */
    static TableSource open(JavaSparkContext sc, String path, String format, String imageColumn) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> table;
        try {
            table = spark.read().format(format).load(path);
        } catch (Exception e) { // AnalysisException and friends, thrown undeclared through Scala
            throw new BadInputException(path + ": not a " + format + " table Spark can read ("
                    + firstLine(e.getMessage()) + ")", e);
        }
        return of(path, table, imageColumn, "--image-column");
    }

    /** The images of {@code table}'s column {@code imageColumn}; {@code option} is how a user names that column. */
    static TableSource of(String location, Dataset<Row> table, String imageColumn, String option) {
        ImageColumn found = ImageColumn.find(table.schema(), imageColumn, location, option);
        List<Column> needed = new ArrayList<>(List.of(col(found.column())));
        if (ImageColumn.has(table.schema(), PATH) && !found.column().equals(PATH)) {
            needed.add(col(PATH));
        }
        // the row id is fixed for a given table and partitioning: same seed, same mixing
        needed.add(monotonically_increasing_id().as(ROW_ID));
        Dataset<Row> rows = table.select(needed.toArray(Column[]::new));
        return new TableSource(location, rows, ImageColumn.find(rows.schema(), found.column(), location, option));
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public JavaPairRDD<Long, SourceItem> items(JavaSparkContext sc, ImagePreparer preparer, long seed, long limit) {
        Dataset<Row> chosen = limit > 0 ? rows.limit((int) Math.min(Integer.MAX_VALUE, limit)) : rows;
        String location = this.location;
        ImageColumn column = this.column;
        return chosen.javaRDD().mapToPair(row -> {
            long id = row.getLong(row.length() - 1);
            return new Tuple2<>(MixingKeys.of(seed, id), column.prepare(row, preparer, location + "#" + id));
        });
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
