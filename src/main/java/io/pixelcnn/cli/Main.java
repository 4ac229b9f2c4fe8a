package io.pixelcnn.cli;

import io.pixelcnn.cluster.DriverExit;
import io.pixelcnn.cluster.Interrupts;
import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.config.InvalidConfigException;
import org.apache.spark.SparkUserAppException;
import java.io.PrintWriter;
import org.apache.hadoop.fs.FSError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "pixelcnn", mixinStandardHelpOptions = true, version = "pixelcnn-spark 0.1.0",
        subcommands = {TrainCommand.class, EvaluateCommand.class, SampleCommand.class, ScoreCommand.class,
                CompleteCommand.class, ClassifyCommand.class, BenchCommand.class},
        description = {"PixelCNN image models on Apache Spark: train with parameter averaging, "
                + "evaluate bits per dimension, sample images."},
        footer = {"", "Exit codes: 0 ok, 1 failed, 2 usage or configuration error, 3 unusable data or model."})
public final class Main implements Runnable {

    /** Wide enough that default paths are not broken across lines. */
    private static final int USAGE_WIDTH = 120;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) throws SparkUserAppException {
        Interrupts.install();
        SparkJobs.stopAtExit();
        int exitCode = run(args);
        SparkJobs.stopActive(exitCode);
        DriverExit.exit(exitCode);
    }

    /** Runs one command and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        // a repeated option: the last one wins, as with spark-submit (and --conf, read by Defaults, the same)
        CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err).setUsageHelpWidth(USAGE_WIDTH)
                .setCommandName(ProgramName.current()).setOverwrittenOptionsAllowed(true);
        GroupedOptionList.install(cli);
        ErrorReporter reporter = new ErrorReporter();
        cli.setExecutionExceptionHandler(reporter).setParameterExceptionHandler(reporter);
        try {
            cli.setDefaultValueProvider(Defaults.provider(Defaults.load(args, Defaults.keysOf(cli))));
        } catch (InvalidConfigException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            return cli.execute(args);
        } catch (FSError error) {
            // picocli passes Errors on: a local disk that filled up outside the atomic writes (which report
            // it themselves, naming the file) still ends in one line, not a stack trace
            err.println("error: " + error.getMessage());
            return ExitCodes.FAILED;
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: train, evaluate, sample, score, complete, classify or bench");
    }
}
