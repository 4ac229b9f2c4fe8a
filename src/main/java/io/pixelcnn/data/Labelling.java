package io.pixelcnn.data;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a dataset's images are read with their classes, for a class-conditional model, and where a
 * source needs telling. The class of an image comes from where its corpus keeps it ({@link ClassOrder}
 * says how each source's labels become class indices): the IDX label file beside an IDX image file, the
 * label bytes of binary records, the first folder below a folder of images, or a column of a table.
 *
 * @param conditional read the labels; implied by {@code column}
 * @param column      a table's column of labels (string or integer); blank for the other sources
 * @param classNames  names for the class indices of IDX files and records ({@code 0..K-1}); empty: the
 *                    numbers are the names. Folders and columns carry their own names.
 */
public record Labelling(boolean conditional, String column, List<String> classNames) implements Serializable {

    /** An unconditional run: labels are not read, the images are prepared exactly as they always were. */
    public static final Labelling NONE = new Labelling(false, "", List.of());

    public Labelling {
        column = column == null ? "" : column.trim();
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        conditional |= !column.isEmpty() || !classNames.isEmpty();
        Set<String> seen = new HashSet<>();
        for (String name : classNames) {
            // a name is how a user asks for a class (sample --class NAME): it must be there and be one
            if (name.isBlank() || !seen.add(name)) {
                throw new IllegalArgumentException("class-names: '" + name + "' is " + (name.isBlank() ? "blank" : "given twice"));
            }
        }
    }

    /** Labels from wherever the source keeps them (not a table: tables need {@link #fromColumn}). */
    public static Labelling fromSource() {
        return new Labelling(true, "", List.of());
    }

    /** Labels from a table's column. */
    public static Labelling fromColumn(String column) {
        return new Labelling(true, column, List.of());
    }

    /** The same labels, the class indices of IDX files or records named {@code names} in order. */
    public Labelling withClassNames(List<String> names) {
        return new Labelling(true, column, names);
    }
}
