package io.pixelcnn.data;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a dataset is stored.
 *
 * @param kind        {@link #AUTO} (recognised from the path), {@link #IMAGES} (a folder of image files),
 *                    {@link #IDX}, or the name of any Spark SQL source holding a column of encoded images
 *                    ({@code parquet}, {@code orc}, ...)
 * @param imageColumn a table's column of encoded images: binary, or a struct with a binary {@code bytes} field
 * @param records     for fixed-size binary record files (CIFAR): their layout; null otherwise
 */
public record SourceFormat(String kind, String imageColumn, RecordFormat records) implements Serializable {

    public static final String AUTO = "auto";
    public static final String IMAGES = "images";
    public static final String IDX = "idx";
    public static final String DEFAULT_IMAGE_COLUMN = "image";

    public SourceFormat {
        kind = kind == null || kind.isBlank() ? AUTO : kind.trim().toLowerCase(Locale.ROOT);
        imageColumn = imageColumn == null || imageColumn.isBlank() ? DEFAULT_IMAGE_COLUMN : imageColumn.trim();
        if (records != null && !kind.equals(AUTO)) {
            throw new IllegalArgumentException("record-shape reads binary record files: drop data-format " + kind);
        }
    }

    /** Recognised from the path: IDX file, table, or folder of image files. */
    public static SourceFormat auto() {
        return new SourceFormat(AUTO, DEFAULT_IMAGE_COLUMN, null);
    }
}
