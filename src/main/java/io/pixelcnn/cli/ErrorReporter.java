package io.pixelcnn.cli;

import io.pixelcnn.config.ExceedsMemoryException;
import io.pixelcnn.config.InvalidConfigException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into one line on stderr and an exit code (see {@link ExitCodes}). Only unexpected
 * failures get a stack trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Failure failure = Failure.of(error);
        err.println(failure.line());
        if (error instanceof InvalidConfigException
                && !(error instanceof UnusableRunPathException || error instanceof ExceedsMemoryException)) {
            err.println(tryHelp(commandLine));
        }
        if (!failure.foreseen()) {
            error.printStackTrace(err);
        }
        return failure.exitCode();
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String unknown = error instanceof UnmatchedArgumentException unmatched ? unmatched(unmatched)
                : unknownOption(commandLine, args);
        err.println("error: " + (unknown != null ? unknown : error.getMessage()));
        err.println(tryHelp(commandLine));
        return ExitCodes.USAGE;
    }

    /** The pointer to a command's help, named as the user called the program ({@link ProgramName}). */
    private static String tryHelp(CommandLine commandLine) {
        return "Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.";
    }

    /** The first word picocli could not place, with the known option or command it most likely meant. */
    private static String unmatched(UnmatchedArgumentException error) {
        CommandLine commandLine = error.getCommandLine();
        String first = error.getUnmatched().isEmpty() ? "" : error.getUnmatched().get(0);
        if (first.startsWith("-")) {
            return unknownOption(commandLine, first.split("=", 2)[0]);
        }
        if (!commandLine.getSubcommands().isEmpty()) {
            List<String> commands = List.copyOf(commandLine.getSubcommands().keySet());
            return "unknown command '" + first + "'" + Closest.among(first, commands).map(c -> "; did you mean " + c + "?")
                    .orElse(": the commands are " + String.join(", ", commands));
        }
        return "unexpected argument '" + first + "': " + commandLine.getCommandName() + " takes options only";
    }

    /**
     * A long option the command does not know, when picocli stopped at another error first: {@code evaluate
     * --modle runs/x} is missing --model because of the typo, which is what the user needs to hear. Null if
     * every long option is known.
     */
    private static String unknownOption(CommandLine commandLine, String[] args) {
        for (String arg : args) {
            String name = arg.split("=", 2)[0];
            if (name.startsWith("--") && name.length() > 2 && commandLine.getCommandSpec().findOption(name) == null) {
                return unknownOption(commandLine, name);
            }
        }
        return null;
    }

    private static String unknownOption(CommandLine commandLine, String name) {
        List<String> options = commandLine.getCommandSpec().options().stream()
                .flatMap(option -> Arrays.stream(option.names())).toList();
        Set<String> longNames = options.stream().filter(o -> o.startsWith("--")).map(o -> o.substring(2)).collect(Collectors.toSet());
        String old = name.replaceFirst("^--", "");
        Optional<String> renamed = name.startsWith("--") ? RenamedOptions.newName(old, longNames) : Optional.empty();
        if (renamed.isPresent()) {
            return "unknown option '" + name + "'; did you mean --" + renamed.get() + "?" + RenamedOptions.note(old);
        }
        return "unknown option '" + name + "'" + Closest.among(name, options).map(o -> "; did you mean " + o + "?").orElse("");
    }
}
