package io.pixelcnn.train;

import io.pixelcnn.io.RunDirectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;

/** {@code metrics.csv}: one row per finished epoch, rewritten whole (atomically) after each epoch. */
public final class MetricsLog {

    private final RunDirectory run;
    private final List<EpochMetrics> rows = new ArrayList<>();

    private MetricsLog(RunDirectory run) {
        this.run = run;
    }

    public static MetricsLog empty(RunDirectory run) {
        return new MetricsLog(run);
    }

    /** The saved rows up to {@code lastEpoch}: later rows belong to epochs whose checkpoint never landed. */
    public static MetricsLog read(RunDirectory run, int lastEpoch, org.apache.hadoop.conf.Configuration conf)
            throws IOException {
        MetricsLog log = new MetricsLog(run);
        FileSystem fs = run.metrics().getFileSystem(conf);
        if (!fs.exists(run.metrics())) {
            return log;
        }
        for (String line : run.readText(run.metrics()).split("\n")) {
            if (line.isBlank() || line.startsWith("epoch")) {
                continue;
            }
            EpochMetrics row = EpochMetrics.fromCsv(line.trim());
            if (row.epoch() <= lastEpoch) {
                log.rows.add(row);
            }
        }
        return log;
    }

    public void append(EpochMetrics row) throws IOException {
        rows.add(row);
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        rows.forEach(r -> csv.append(r.toCsv()).append('\n'));
        run.writeText(run.metrics(), csv.toString());
    }

    public List<EpochMetrics> rows() {
        return List.copyOf(rows);
    }
}
