package io.pixelcnn.cli;

import io.pixelcnn.cluster.NoExecutorsException;
import io.pixelcnn.config.ExceedsMemoryException;
import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.data.BadInputException;
import io.pixelcnn.io.StorageException;
import io.pixelcnn.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit code (see {@link ExitCodes}). Only unexpected
 * failures get a stack trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** How Spark quotes an executor's exception when it could not ship the exception object itself. */
    private static final Pattern QUOTED_BAD_INPUT = Pattern.compile(BadInputException.class.getName() + ": ([^\\n]*)");

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        BadInputException badInput = BadInputException.findIn(error);
        if (badInput != null) {
            err.println("error: " + badInput.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Matcher quoted = QUOTED_BAD_INPUT.matcher(String.valueOf(error.getMessage()));
        if (quoted.find()) {
            err.println("error: " + quoted.group(1));
            return ExitCodes.BAD_INPUT;
        }
        if (error instanceof InvalidConfigException) {
            err.println("error: " + error.getMessage());
            if (!(error instanceof UnusableRunPathException || error instanceof ExceedsMemoryException)) {
                err.println("Try '" + commandLine.getCommandName() + " --help' for the options.");
            }
            return ExitCodes.USAGE;
        }
        StorageException storage = StorageException.findIn(error);
        if (storage != null) {
            err.println("error: " + storage.getMessage());
            return exitCode(storage);
        }
        TrainingDivergedException diverged = TrainingDivergedException.findIn(error);
        if (diverged != null) {
            err.println("error: " + diverged.getMessage());
            return ExitCodes.FAILED;
        }
        if (error instanceof NoExecutorsException) {
            err.println("error: " + error.getMessage());
            return ExitCodes.FAILED;
        }
        err.println("error: " + error);
        error.printStackTrace(err);
        return ExitCodes.FAILED;
    }

    /**
     * A full file system fails the run (free space and resume); one that cannot be reached is an output path
     * that cannot be used, like a file in its way (inputs that cannot be reached are bad input, reported above).
     */
    static int exitCode(StorageException storage) {
        return storage.kind() == StorageException.Kind.FULL ? ExitCodes.FAILED : ExitCodes.USAGE;
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("error: " + error.getMessage());
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.");
        return ExitCodes.USAGE;
    }
}
