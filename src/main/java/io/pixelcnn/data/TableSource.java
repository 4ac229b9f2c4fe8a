package io.pixelcnn.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Images stored as encoded bytes (PNG, JPEG, ...) in a column of a table that Spark SQL reads: Parquet,
 * ORC or any other format. The column is binary, or a struct with a binary {@code bytes} field (and
 * perhaps a {@code path}), as Hugging Face {@code datasets} writes its Parquet exports; Spark's own
 * {@code binaryFile} layout ({@code content}, {@code path}) works as it is. Only that column is read, on
 * the executors, and each image is decoded where it was read, so compact pixels, not encoded files, move
 * through the mixing shuffle. With labels, a column of strings or integers beside it gives each image
 * its class; a null there stops the run naming the row.
 */
final class TableSource implements ImageSource {

    /** Spark's binaryFile layout: the file's bytes. */
    private static final String BINARY_FILE_CONTENT = "content";
    private static final String PATH = "path";
    private static final String BYTES = "bytes";
    private static final String LABEL = "label";

    private final String location;
    private final Dataset<Row> table;
    private final Column bytes;
    private final Column name;
    /** The column of labels, or null when labels are not read. */
    private final String labelColumn;
    private final ClassOrder classOrder;

    private TableSource(String location, Dataset<Row> table, Column bytes, Column name, String labelColumn,
                        ClassOrder classOrder) {
        this.location = location;
        this.table = table;
        this.bytes = bytes;
        this.name = name;
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
        StructType schema = table.schema();
        String column = imageColumn;
        if (!has(schema, column) && SourceFormat.DEFAULT_IMAGE_COLUMN.equals(column) && has(schema, BINARY_FILE_CONTENT)) {
            column = BINARY_FILE_CONTENT;
        }
        if (!has(schema, column)) {
            throw new BadInputException(String.format("%s: no column '%s' (columns: %s); name the image column with "
                    + "--image-column", path, imageColumn, String.join(", ", schema.fieldNames())));
        }
        String labels = labelColumn == null || labelColumn.isBlank() ? null : labelColumn.trim();
        ClassOrder order = labels == null ? ClassOrder.NAME : classOrder(path, schema, labels);
        DataType type = schema.apply(column).dataType();
        if (type.equals(DataTypes.BinaryType)) {
            Column names = has(schema, PATH) && isString(schema.apply(PATH)) ? col(PATH) : lit(null);
            return new TableSource(path, table, col(column), names, labels, order);
        }
        if (type instanceof StructType struct && has(struct, BYTES)
                && struct.apply(BYTES).dataType().equals(DataTypes.BinaryType)) {
            Column names = has(struct, PATH) && isString(struct.apply(PATH)) ? col(column + "." + PATH) : lit(null);
            return new TableSource(path, table, col(column + "." + BYTES), names, labels, order);
        }
        throw new BadInputException(String.format(Locale.ROOT, "%s: column '%s' is %s, expected binary (encoded image "
                + "bytes) or a struct with a binary 'bytes' field", path, column, type.simpleString()));
    }

    /** Strings are class names, sorted; integers are sorted as numbers (2 before 10). */
    private static ClassOrder classOrder(String path, StructType schema, String labels) {
        if (!has(schema, labels)) {
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
        String location = this.location;
        String labelColumn = this.labelColumn;
        // the row id is fixed for a given table and partitioning: same seed, same mixing
        List<Column> columns = new ArrayList<>(List.of(bytes.as(BYTES), name.cast(DataTypes.StringType).as(PATH),
                monotonically_increasing_id().as("row")));
        if (labelColumn != null) { // an unconditional run reads exactly the columns it always read
            columns.add(col(labelColumn).cast(DataTypes.StringType).as(LABEL));
        }
        Dataset<Row> rows = table.select(columns.toArray(Column[]::new));
        if (limit > 0) {
            rows = rows.limit((int) Math.min(Integer.MAX_VALUE, limit));
        }
        return rows.javaRDD().mapToPair(row -> {
            long id = row.getLong(2);
            String imageName = row.isNullAt(1) || row.getString(1).isEmpty() ? location + "#" + id : row.getString(1);
            byte[] encoded = row.isNullAt(0) ? new byte[0] : (byte[]) row.get(0);
            PreparedImage image = preparer.fromEncoded(imageName, encoded);
            if (labelColumn != null) {
                if (row.isNullAt(3)) {
                    throw new BadInputException(imageName + ": no label (label column '" + labelColumn + "' is null"
                            + (imageName.startsWith(location) ? ")" : " in this row of " + location + ")"));
                }
                image.withLabel(row.getString(3));
            }
            return new Tuple2<>(MixingKeys.of(seed, id), image);
        });
    }

    private static boolean has(StructType schema, String field) {
        return Arrays.asList(schema.fieldNames()).contains(field);
    }

    private static boolean isString(StructField field) {
        return field.dataType().equals(DataTypes.StringType);
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
