package io.pixelcnn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command line as a shell would run it again: {@code cd '/the/working/folder' && submit/local.sh train ...},
 * the arguments exactly as typed (relative paths included, which the working folder makes exact) and the
 * program as the user started it. A run saves the lines that trained it (see RunDirectory.COMMAND).
 */
final class CommandRecord {

    private CommandRecord() {
    }

    /** The line of the command {@code spec} is running. */
    static String of(CommandSpec spec) {
        return line(Path.of("").toAbsolutePath().toString(), spec.root().name(),
                spec.commandLine().getParseResult().originalArgs());
    }

    static String line(String workingFolder, String program, List<String> args) {
        return "cd " + shellWord(workingFolder) + " && " + program + " "
                + args.stream().map(CommandRecord::shellWord).collect(Collectors.joining(" "));
    }

    /** A word as a shell reads it back: quoted when it holds anything but plain path characters. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
