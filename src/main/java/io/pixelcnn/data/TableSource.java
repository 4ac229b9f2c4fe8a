package io.pixelcnn.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Images in a column of a table that Spark SQL reads (Parquet, ORC or any other format), or of a DataFrame
 * a program hands over: any layout {@link ImageColumn} knows. Only that column (and the names beside it)
 * is read, on the executors, and each image is decoded where it was read, so compact pixels, not encoded
 * files, move through the mixing shuffle. With labels, a column of strings or integers beside it gives
 * each image its class; a null there stops the run naming the row.
 */
final class TableSource implements ImageSource {

    private static final String PATH = "path";
    /** The row's number in the table: its name when it has no path, and its mixing key. */
    private static final String ROW_ID = "__pixelcnn_row";
    /** The label column, read as text (and only when labels are asked for). */
    private static final String LABEL = "__pixelcnn_label";

    private final String location;
    private final Dataset<Row> rows;
    private final ImageColumn column;
    /** The column of labels, or null when labels are not read. */
    private final String labelColumn;
    private final ClassOrder classOrder;

    private TableSource(String location, Dataset<Row> rows, ImageColumn column, String labelColumn,
                        ClassOrder classOrder) {
        this.location = location;
        this.rows = rows;
        this.column = column;
        this.labelColumn = labelColumn;
        this.classOrder = classOrder;
    }

    /**
     * Reads the table's schema (only) on the driver and finds the image bytes and, if any, their names, and
     * with {@code labelColumn} (blank: no labels) checks that it holds strings or integers.
     */
    static TableSource open(JavaSparkContext sc, String path, String format, String imageColumn, String labelColumn) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> table;
        try {
            table = spark.read().format(format).load(path);
        } catch (Exception e) { // AnalysisException and friends, thrown undeclared through Scala
            throw new BadInputException(path + ": not a " + format + " table Spark can read ("
                    + firstLine(e.getMessage()) + ")", e);
        }
        return of(path, table, imageColumn, "--image-column", labelColumn);
    }

    /**
     * The images of {@code table}'s column {@code imageColumn}; {@code option} is how a user names that column;
     * {@code labelColumn} (blank or null: no labels) gives each image its class.
     */
    static TableSource of(String location, Dataset<Row> table, String imageColumn, String option, String labelColumn) {
        ImageColumn found = ImageColumn.find(table.schema(), imageColumn, location, option);
        String labels = labelColumn == null || labelColumn.isBlank() ? null : labelColumn.trim();
        ClassOrder order = labels == null ? ClassOrder.NAME : classOrder(location, table.schema(), labels);
        List<Column> needed = new ArrayList<>(List.of(col(found.column())));
        if (ImageColumn.has(table.schema(), PATH) && !found.column().equals(PATH)) {
            needed.add(col(PATH));
        }
        if (labels != null) { // an unconditional run reads exactly the columns it always read
            needed.add(col(labels).cast(DataTypes.StringType).as(LABEL));
        }
        // the row id is fixed for a given table and partitioning: same seed, same mixing; it comes last
        needed.add(monotonically_increasing_id().as(ROW_ID));
        Dataset<Row> rows = table.select(needed.toArray(Column[]::new));
        return new TableSource(location, rows, ImageColumn.find(rows.schema(), found.column(), location, option),
                labels, order);
    }

    /** Strings are class names, sorted; integers are sorted as numbers (2 before 10). */
    private static ClassOrder classOrder(String path, StructType schema, String labels) {
        if (!ImageColumn.has(schema, labels)) {
            throw new BadInputException(String.format("%s: no label column '%s' (columns: %s)", path, labels,
                    String.join(", ", schema.fieldNames())));
        }
        DataType type = schema.apply(labels).dataType();
        if (type.equals(DataTypes.StringType)) {
            return ClassOrder.NAME;
        }
        if (type.equals(DataTypes.ByteType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.IntegerType)
                || type.equals(DataTypes.LongType)) {
            return ClassOrder.NUMBER;
        }
        throw new BadInputException(String.format(Locale.ROOT, "%s: label column '%s' is %s, expected strings or "
                + "integers", path, labels, type.simpleString()));
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public ClassOrder classOrder() {
        return classOrder;
    }

    @Override
    public JavaPairRDD<Long, SourceItem> items(JavaSparkContext sc, ImagePreparer preparer, long seed, long limit) {
        Dataset<Row> chosen = limit > 0 ? rows.limit((int) Math.min(Integer.MAX_VALUE, limit)) : rows;
        String location = this.location;
        ImageColumn column = this.column;
        String labelColumn = this.labelColumn;
        return chosen.javaRDD().mapToPair(row -> {
            long id = row.getLong(row.length() - 1);
            PreparedImage image = column.prepare(row, preparer, location + "#" + id);
            if (labelColumn != null) {
                int at = row.fieldIndex(LABEL);
                if (row.isNullAt(at)) {
                    String imageName = image.name();
                    throw new BadInputException(imageName + ": no label (label column '" + labelColumn + "' is null"
                            + (imageName.startsWith(location) ? ")" : " in this row of " + location + ")"));
                }
                image.withLabel(row.getString(at));
            }
            return new Tuple2<>(MixingKeys.of(seed, id), image);
        });
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
