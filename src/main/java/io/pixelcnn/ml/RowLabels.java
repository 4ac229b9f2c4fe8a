package io.pixelcnn.ml;

import io.pixelcnn.data.BadInputException;
import io.pixelcnn.io.ClassList;
import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * A class-conditional model's {@code transform} reads each row's class from its labelCol: the value as
 * {@code fit} read it (a string, or an integer's decimal text, as the table source casts it), looked up
 * among the model's class names. A null or a class the model never saw is bad input naming the column and
 * the value: scoring it under some other class would give a plausible, wrong number.
 */
final class RowLabels implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String column;
    private final ClassList classes;

    RowLabels(String column, ClassList classes) {
        this.column = column;
        this.classes = classes;
    }

    /** The class index of {@code row}'s label; {@code rowName} names the row in the error. */
    int classOf(Row row, String rowName) {
        int at = row.fieldIndex(column);
        String label = row.isNullAt(at) ? null : String.valueOf(row.get(at));
        int index = label == null ? -1 : classes.indexOf(label);
        if (index < 0) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: labelCol '%s' is %s, not one of the model's "
                    + "%d classes (%s)", rowName, column, label == null ? "null" : "'" + label + "'", classes.size(),
                    String.join(", ", classes.names())));
        }
        return index;
    }
}
