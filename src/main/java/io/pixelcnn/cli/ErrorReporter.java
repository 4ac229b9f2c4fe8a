package io.pixelcnn.cli;

import io.pixelcnn.config.ExceedsMemoryException;
import io.pixelcnn.config.InvalidConfigException;
import java.io.PrintWriter;
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

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Failure failure = Failure.of(error);
        err.println("error: " + failure.message());
        if (error instanceof InvalidConfigException
                && !(error instanceof UnusableRunPathException || error instanceof ExceedsMemoryException)) {
            err.println("Try '" + commandLine.getCommandName() + " --help' for the options.");
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
        err.println("error: " + error.getMessage());
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.");
        return ExitCodes.USAGE;
    }
}
