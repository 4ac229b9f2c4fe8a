package io.pixelcnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Picks the reader for a dataset: binary records when a record layout is given, otherwise what
 * {@code data-format} names or, for {@code auto}, what the path holds: an IDX file, a Parquet or ORC table
 * (a file by its magic bytes, a folder by its part files), or a folder of image files.
 */
public final class ImageSources {

    /** Entries of a folder looked at to tell a table from a folder of images. */
    private static final int ENTRIES_TO_PEEK = 64;

    private ImageSources() {
    }

    /**
     * The source of {@code path}, reading the labels too when {@code labelling} asks: each kind of source has
     * its own place for them, and a label column or class names meant for another kind is a one-line error.
     */
    public static ImageSource open(JavaSparkContext sc, String path, SourceFormat format, Labelling labelling) {
        if (path == null || path.isBlank()) {
            throw new BadInputException("no dataset path given");
        }
        Configuration conf = sc.hadoopConfiguration();
        boolean labelled = labelling.conditional();
        if (format.records() != null) {
            requireNoColumn(path, "binary records", labelling);
            return RecordFileSource.open(path, format.records().shape(), format.records().labelBytes(), conf, labelled);
        }
        String kind = format.kind().equals(SourceFormat.AUTO) ? recognise(path, conf) : format.kind();
        return switch (kind) {
            case SourceFormat.IMAGES -> {
                requireNoColumn(path, "a folder of images", labelling);
                requireNoClassNames(path, "class folders", labelling);
                yield ImageFolderSource.open(path, conf, labelled);
            }
            case SourceFormat.IDX -> {
                requireNoColumn(path, "an IDX file", labelling);
                yield IdxImageSource.open(path, conf, labelled);
            }
            default -> {
                if (labelled && labelling.column().isEmpty()) {
                    throw new BadInputException(path + ": a " + kind + " table's labels come from a column: give "
                            + "label-column");
                }
                requireNoClassNames(path, "label-column values", labelling);
                yield TableSource.open(sc, path, kind, format.imageColumn(), labelling.column());
            }
        };
    }

    /**
     * The images of a DataFrame's column, in any layout {@link ImageColumn} reads; {@code location} names the
     * DataFrame in messages and {@code option} is how its user names the column.
     */
    public static ImageSource of(Dataset<Row> frame, String column, String location, String option) {
        return of(frame, column, location, option, null);
    }

    /**
     * Like {@link #of(Dataset, String, String, String)}, each image with its class from {@code labelColumn}
     * (strings or integers, as a table's label-column; blank or null: no labels).
     */
    public static ImageSource of(Dataset<Row> frame, String column, String location, String option,
                                 String labelColumn) {
        return TableSource.of(location, frame, column, option, labelColumn);
    }

    private static void requireNoColumn(String path, String what, Labelling labelling) {
        if (!labelling.column().isEmpty()) {
            throw new BadInputException(path + ": label-column " + labelling.column() + " names a table's column, but "
                    + "this is " + what);
        }
    }

    /** Class names name the numbered classes of IDX files and records; folders and columns carry names. */
    private static void requireNoClassNames(String path, String names, Labelling labelling) {
        if (!labelling.classNames().isEmpty()) {
            throw new BadInputException(path + ": class-names names numbered classes (IDX labels, record label "
                    + "bytes); here the " + names + " are the class names");
        }
    }

    /** What {@code auto} makes of a path: {@code idx}, {@code images}, {@code parquet} or {@code orc}. */
    static String recognise(String path, Configuration conf) {
        Path given = new Path(path);
        FileStatus status = DataFiles.status(given, conf);
        try {
            return status.isDirectory() ? recogniseFolder(given, conf) : recogniseFile(given, conf);
        } catch (IOException e) {
            throw DataFiles.unreadable(path, "read", e);
        }
    }

    private static String recogniseFile(Path file, Configuration conf) throws IOException {
        byte[] magic;
        try (InputStream in = file.getFileSystem(conf).open(file)) {
            magic = in.readNBytes(4);
        }
        if (Arrays.equals(magic, "PAR1".getBytes(StandardCharsets.US_ASCII))) {
            return "parquet";
        }
        if (magic.length >= 3 && new String(magic, 0, 3, StandardCharsets.US_ASCII).equals("ORC")) {
            return "orc";
        }
        return SourceFormat.IDX;
    }

    /** A table written by Spark or exported by Hugging Face holds part files named by their format. */
    private static String recogniseFolder(Path folder, Configuration conf) throws IOException {
        try (FolderEntries entries = FolderEntries.open(folder, conf)) {
            for (int i = 0; i < ENTRIES_TO_PEEK && entries.hasNext(); i++) {
                FolderEntries.Entry entry = entries.next();
                String name = entry.path().toLowerCase(Locale.ROOT);
                if (!entry.folder() && name.endsWith(".parquet")) {
                    return "parquet";
                }
                if (!entry.folder() && name.endsWith(".orc")) {
                    return "orc";
                }
            }
        }
        return SourceFormat.IMAGES;
    }
}
