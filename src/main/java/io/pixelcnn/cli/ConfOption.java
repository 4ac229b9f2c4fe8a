package io.pixelcnn.cli;

import picocli.CommandLine.Option;

/** {@code --conf FILE}: read by {@link Defaults} before parsing; declared here so every command accepts it. */
final class ConfOption {

    @Grouped(OptionGroup.RUN)
    @Option(names = Defaults.CONF_OPTION, paramLabel = "FILE",
            description = "Defaults file with keys named like the long options (default: the bundled conf/pixelcnn.conf).")
    String file;
}
