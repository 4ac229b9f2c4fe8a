package io.pixelcnn.train;

import io.pixelcnn.io.RunDirectory;
import java.io.IOException;
import java.util.List;

/** {@code metrics.csv}: one row per finished epoch, rewritten whole (atomically) after each epoch. */
public final class MetricsLog {

    private final EpochRows<EpochMetrics> rows;

    private MetricsLog(EpochRows<EpochMetrics> rows) {
        this.rows = rows;
    }

    public static MetricsLog empty(RunDirectory run) {
        return new MetricsLog(EpochRows.empty(run, run.metrics(), EpochMetrics.CSV_HEADER, EpochMetrics::toCsv));
    }

    /** The saved rows up to {@code lastEpoch}: later rows belong to epochs whose checkpoint never landed. */
    public static MetricsLog read(RunDirectory run, int lastEpoch, org.apache.hadoop.conf.Configuration conf)
            throws IOException {
        return new MetricsLog(EpochRows.read(run, run.metrics(), EpochMetrics.CSV_HEADER, EpochMetrics::toCsv,
                EpochMetrics::fromCsv, EpochMetrics::epoch, lastEpoch, conf));
    }

    public void append(EpochMetrics row) throws IOException {
        rows.append(row);
    }

    public List<EpochMetrics> rows() {
        return rows.rows();
    }
}
