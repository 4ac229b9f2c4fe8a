package io.pixelcnn.cli;

import io.pixelcnn.config.JobConfig;
import picocli.CommandLine.Option;

/** What to do with malformed images, in the terms of Spark's own readers. */
final class MalformedOptions {

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.MODE, paramLabel = "MODE", description = "FAILFAST: stop at the first malformed image, naming it. DROPMALFORMED: skip malformed images (empty, not an image, truncated, too large, of another size), count them and list them (train: skipped.csv).")
    String mode;

    @Grouped(OptionGroup.DATA)
    @Option(names = "--" + JobConfig.MAX_MALFORMED, paramLabel = "FRACTION", description = "With DROPMALFORMED: stop when a larger fraction of a dataset's images is malformed.")
    double maxMalformed;
}
