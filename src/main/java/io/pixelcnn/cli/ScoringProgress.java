package io.pixelcnn.cli;

import io.pixelcnn.cluster.JobProgress;
import io.pixelcnn.cluster.ProgressSink;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress lines of a command that scores a known number of images on the executors (evaluate,
 * classify): sample's {@link JobProgress}, "evaluate  4000/10000 images  54.1 images/s  ETA 1m51s", on the
 * terminal's stderr when there is one, else in the log, as sample reports.
 */
final class ScoringProgress {

    private static final Logger log = LoggerFactory.getLogger(ScoringProgress.class);

    private ScoringProgress() {
    }

    /** {@code command}'s progress over {@code images} images; the executors add to its counter. */
    static JobProgress start(JavaSparkContext sc, String command, long images) {
        return new JobProgress(sc, command, "images", images, ProgressSink.intervalMillis(), ProgressSink.forConsoleOr(log));
    }
}
