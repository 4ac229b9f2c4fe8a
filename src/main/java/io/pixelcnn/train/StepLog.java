package io.pixelcnn.train;

import io.pixelcnn.io.RunDirectory;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code steps.csv}: one row per round of parameter averaging, rewritten whole (atomically) after each
 * round. A resume keeps the rows of the epochs up to its checkpoint, as {@link MetricsLog} does.
 */
final class StepLog {

    private final EpochRows<StepMetrics> rows;

    private StepLog(EpochRows<StepMetrics> rows) {
        this.rows = rows;
    }

    /** The saved rows of the epochs up to {@code lastEpoch} (none in a new run). */
    static StepLog read(RunDirectory run, int lastEpoch, Configuration conf) throws IOException {
        return new StepLog(EpochRows.read(run, run.steps(), StepMetrics.CSV_HEADER, StepMetrics::toCsv,
                StepMetrics::fromCsv, StepMetrics::epoch, lastEpoch, conf));
    }

    void append(StepMetrics row) throws IOException {
        rows.append(row);
    }

    /** Training images fitted in the run so far, by the last row. */
    long images() {
        List<StepMetrics> all = rows.rows();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).images();
    }
}
