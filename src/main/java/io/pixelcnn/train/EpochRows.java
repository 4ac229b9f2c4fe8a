package io.pixelcnn.train;

import io.pixelcnn.io.RunDirectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A run's CSV file of rows that belong to epochs ({@code metrics.csv}, {@code steps.csv}), rewritten whole
 * and atomically at every new row, so a reader never sees half a row. A resume keeps the rows of the
 * epochs up to its checkpoint: later ones belong to an epoch whose checkpoint never landed, and come again
 * when that epoch is trained again.
 */
final class EpochRows<T> {

    private final RunDirectory run;
    private final Path file;
    private final String header;
    private final Function<T, String> toCsv;
    private final List<T> rows = new ArrayList<>();

    private EpochRows(RunDirectory run, Path file, String header, Function<T, String> toCsv) {
        this.run = run;
        this.file = file;
        this.header = header;
        this.toCsv = toCsv;
    }

    static <T> EpochRows<T> empty(RunDirectory run, Path file, String header, Function<T, String> toCsv) {
        return new EpochRows<>(run, file, header, toCsv);
    }

    /** The saved rows of epochs up to {@code lastEpoch}; none if the file is not there. */
    static <T> EpochRows<T> read(RunDirectory run, Path file, String header, Function<T, String> toCsv,
                                 Function<String, T> fromCsv, ToIntFunction<T> epochOf, int lastEpoch,
                                 Configuration conf) throws IOException {
        EpochRows<T> kept = empty(run, file, header, toCsv);
        if (!file.getFileSystem(conf).exists(file)) {
            return kept;
        }
        for (String line : run.readText(file).split("\n")) {
            if (line.isBlank() || line.startsWith("epoch")) {
                continue;
            }
            T row = fromCsv.apply(line.trim());
            if (epochOf.applyAsInt(row) <= lastEpoch) {
                kept.rows.add(row);
            }
        }
        return kept;
    }

    void append(T row) throws IOException {
        rows.add(row);
        StringBuilder csv = new StringBuilder(header).append('\n');
        rows.forEach(r -> csv.append(toCsv.apply(r)).append('\n'));
        run.writeText(file, csv.toString());
    }

    List<T> rows() {
        return List.copyOf(rows);
    }
}
