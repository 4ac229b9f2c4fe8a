package io.pixelcnn.cli;

import io.pixelcnn.io.OutputPaths;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Option;

/**
 * The one output policy of every command that writes a file or a folder (sample, score, complete): an output
 * that exists already is refused before any work, one line naming the option and the path, exit 2, unless
 * {@code --overwrite}, which replaces it once the new output is complete (a failed command leaves the old one).
 */
final class OverwriteOption {

    @Grouped(OptionGroup.OUTPUT)
    @Option(names = "--overwrite", description = "Replace outputs that exist already, once the new ones are complete. "
            + "Without it an existing output is refused before any work.")
    boolean overwrite;

    /** Refuses, before any work, an output of {@code option} that exists (without --overwrite) or cannot be made. */
    void requireWritable(String option, String path, Configuration conf, boolean directory) throws IOException {
        var unusable = OutputPaths.whyNotWritable(option, new Path(path), conf, overwrite, directory);
        if (unusable.isPresent()) {
            throw new UnusableRunPathException(unusable.get());
        }
    }
}
