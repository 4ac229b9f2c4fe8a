package io.pixelcnn.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where a table's images are, found once from its schema on the driver, and how a row's image is read
 * on the executors. Four layouts: a binary column of encoded images; a struct with a binary {@code bytes}
 * field (and perhaps a {@code path}), as Hugging Face {@code datasets} writes; Spark's {@code binaryFile}
 * rows ({@code content}, {@code path}); and Spark's {@code image} source struct, whose pixels are already
 * decoded (BGR(A), row by row) and whose unreadable files are rows of height -1.
 */
public final class ImageColumn implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Spark's binaryFile layout: the file's bytes. */
    static final String BINARY_FILE_CONTENT = "content";
    private static final String PATH = "path";
    private static final String BYTES = "bytes";
    /** Spark's image source: {@code origin, height, width, nChannels, mode, data}. */
    private static final String[] SPARK_IMAGE_FIELDS = {"origin", "height", "width", "nChannels", "data"};

    private final String column;
    private final int columnIndex;
    private final boolean decoded;
    /** Inside the struct: the field of the bytes; -1 when the column itself holds them. */
    private final int bytesField;
    /** The image's name: a top-level column or a struct field (as {@link #nameInStruct} says); -1 for none. */
    private final int nameIndex;
    private final boolean nameInStruct;

    private ImageColumn(String column, int columnIndex, boolean decoded, int bytesField, int nameIndex,
                        boolean nameInStruct) {
        this.column = column;
        this.columnIndex = columnIndex;
        this.decoded = decoded;
        this.bytesField = bytesField;
        this.nameIndex = nameIndex;
        this.nameInStruct = nameInStruct;
    }

    /**
     * The image column {@code column} of {@code schema} (or, when the default {@code image} is asked for
     * and missing, binaryFile's {@code content}). {@code location} and {@code option} (how a user names
     * the column) go into the one-line error for a column missing or of another type.
     */
    public static ImageColumn find(StructType schema, String column, String location, String option) {
        String found = column;
        if (!has(schema, found) && SourceFormat.DEFAULT_IMAGE_COLUMN.equals(found) && has(schema, BINARY_FILE_CONTENT)) {
            found = BINARY_FILE_CONTENT;
        }
        if (!has(schema, found)) {
            throw new BadInputException(String.format("%s: no column '%s' (columns: %s); name the image column with "
                    + "%s", location, column, String.join(", ", schema.fieldNames()), option));
        }
        int index = schema.fieldIndex(found);
        DataType type = schema.apply(found).dataType();
        if (type.equals(DataTypes.BinaryType)) {
            int name = has(schema, PATH) && isString(schema.apply(PATH)) ? schema.fieldIndex(PATH) : -1;
            return new ImageColumn(found, index, false, -1, name, false);
        }
        if (type instanceof StructType struct && has(struct, BYTES) && struct.apply(BYTES).dataType().equals(DataTypes.BinaryType)) {
            int name = has(struct, PATH) && isString(struct.apply(PATH)) ? struct.fieldIndex(PATH) : -1;
            return new ImageColumn(found, index, false, struct.fieldIndex(BYTES), name, true);
        }
        if (type instanceof StructType struct && Arrays.stream(SPARK_IMAGE_FIELDS).allMatch(f -> has(struct, f))
                && struct.apply("data").dataType().equals(DataTypes.BinaryType)) {
            return new ImageColumn(found, index, true, struct.fieldIndex("data"), struct.fieldIndex("origin"), true);
        }
        throw new BadInputException(String.format(Locale.ROOT, "%s: column '%s' is %s, expected binary (encoded image "
                + "bytes), a struct with a binary 'bytes' field, or Spark's image struct", location, found,
                type.simpleString()));
    }

    /** The column read (binaryFile's {@code content} when the default was asked for). */
    public String column() {
        return column;
    }

    /**
     * The image of {@code row} (a row of the schema this column was found in), prepared by {@code preparer}:
     * decoded, fitted, and malformed (an empty cell, a file Spark's image source could not read) by its policy.
     */
    public PreparedImage prepare(Row row, ImagePreparer preparer, String fallbackName) {
        String name = name(row, fallbackName);
        if (row.isNullAt(columnIndex)) {
            return preparer.fromEncoded(name, new byte[0]);
        }
        if (!decoded) {
            byte[] bytes = bytesField < 0 ? (byte[]) row.get(columnIndex) : structBytes(row.getStruct(columnIndex));
            return preparer.fromEncoded(name, bytes);
        }
        Row image = row.getStruct(columnIndex);
        return preparer.fromBgr(name, image.getInt(image.fieldIndex("height")), image.getInt(image.fieldIndex("width")),
                image.getInt(image.fieldIndex("nChannels")), structBytes(image));
    }

    private byte[] structBytes(Row struct) {
        return struct.isNullAt(bytesField) ? new byte[0] : (byte[]) struct.get(bytesField);
    }

    private String name(Row row, String fallbackName) {
        Object name = null;
        if (nameIndex >= 0 && !nameInStruct) {
            name = row.get(nameIndex);
        } else if (nameIndex >= 0 && !row.isNullAt(columnIndex)) {
            name = row.getStruct(columnIndex).get(nameIndex);
        }
        return name == null || name.toString().isEmpty() ? fallbackName : name.toString();
    }

    static boolean has(StructType schema, String field) {
        return Arrays.asList(schema.fieldNames()).contains(field);
    }

    private static boolean isString(StructField field) {
        return field.dataType().equals(DataTypes.StringType);
    }
}
