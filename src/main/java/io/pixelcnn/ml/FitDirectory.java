package io.pixelcnn.ml;

import io.pixelcnn.io.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * The run directory {@code fit} trains into (its checkpoints, metrics and model): the checkpointDir
 * Param's, which must be new as {@code train --run-dir}'s must, and is kept; or a temporary local one,
 * written by the driver alone, deleted when fit ends.
 */
final class FitDirectory implements AutoCloseable {

    private final RunDirectory run;
    private final Path temporary;

    private FitDirectory(RunDirectory run, Path temporary) {
        this.run = run;
        this.temporary = temporary;
    }

    static FitDirectory open(String checkpointDir, Configuration conf) throws IOException {
        if (checkpointDir == null || checkpointDir.isBlank()) {
            Path temporary = Files.createTempDirectory("pixelcnn-fit");
            return new FitDirectory(new RunDirectory(temporary.resolve("run").toUri().toString(), conf), temporary);
        }
        RunDirectory run = new RunDirectory(checkpointDir, conf);
        Optional<String> unusable = run.whyNotNew();
        if (unusable.isPresent()) {
            throw new IllegalArgumentException("checkpointDir " + unusable.get() + ": choose another checkpointDir");
        }
        return new FitDirectory(run, null);
    }

    RunDirectory run() {
        return run;
    }

    @Override
    public void close() throws IOException {
        if (temporary == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(temporary)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
