package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.JobConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line is a contract: help, exit codes, one-line errors, and the defaults file. */
class CommandLineTest {

    private static final List<String> COMMANDS = List.of("train", "evaluate", "sample", "score", "complete", "classify",
            "bench");

    @Test
    void theCommandsAreTheSevenTheHelpTestsCover() {
        assertEquals(COMMANDS, List.copyOf(new CommandLine(new Main()).getSubcommands().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "sample", "score", "complete", "classify", "bench"})
    void everyCommandHasHelp(String command) {
        Cli.Result result = Cli.run(command, "--help");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("Usage: pixelcnn " + command + " "), result.out());
        assertTrue(result.out().contains("-h, --help"), result.out());
        assertTrue(result.out().contains("--conf=FILE"), "every command reads the defaults file: " + result.out());
        assertEquals("", result.err(), "help is all on stdout");
    }

    @Test
    void theTopLevelHelpNamesEveryCommandAndTheExitCodes() {
        Cli.Result result = Cli.run("--help");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        for (String command : COMMANDS) {
            assertTrue(result.out().contains("\n  " + command + " "), command + " in " + result.out());
        }
        assertTrue(result.out().contains("Exit codes: 0 ok, 1 failed, 2 usage or configuration error, 3 unusable data or model."),
                result.out());
    }

    @Test
    void trainHelpShowsDefaultsFromTheConfFile() {
        String help = Cli.run("train", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--batch-size=N Images per minibatch on each worker. Default: 32"), help);
        assertTrue(help.contains("Default: /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"), help);
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result result = Cli.run();
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.err().startsWith("error: "), result.err());
    }

    @Test
    void unknownOptionIsAOneLineUsageError() {
        Cli.Result result = Cli.run("train", "--run-dir", "x", "--bogus", "1");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals("error: unknown option '--bogus'", result.err().lines().findFirst().orElseThrow());
    }

    @Test
    void impossibleValueIsAUsageErrorNamingTheKey(@TempDir Path dir) {
        Cli.Result result = Cli.run("train", "--run-dir", dir.resolve("run").toString(), "--batch-size", "0");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals("error: batch-size must be at least 1, got 0", result.err().lines().findFirst().orElseThrow());
        assertTrue(Files.notExists(dir.resolve("run")));
    }

    @Test
    void badScheduleValuesAreOneLineUsageErrorsNamingTheKey(@TempDir Path dir) {
        String run = dir.resolve("run").toString();
        assertUsageError("error: learning-rate-schedule must be one of constant, cosine, step, cooldown, got 'linear'",
                "train", "--run-dir", run, "--learning-rate-schedule", "linear");
        assertUsageError("error: learning-rate-min must be below learning-rate, got 0.01 and 0.002",
                "train", "--run-dir", run, "--learning-rate-schedule", "cosine", "--learning-rate-min", "0.01");
        assertUsageError("error: learning-rate-cooldown must be above 0 and at most 1, got 1.5",
                "train", "--run-dir", run, "--learning-rate-cooldown", "1.5");
        assertUsageError("error: learning-rate-min must be below learning-rate, got 0.01 and 0.002",
                "train", "--run-dir", run, "--learning-rate-schedule", "cooldown", "--learning-rate-min", "0.01");
        assertUsageError("error: early-stopping-patience must not be negative, got -1",
                "train", "--run-dir", run, "--early-stopping-patience", "-1");
        assertTrue(Files.notExists(dir.resolve("run")));
    }

    /** The command ends with a usage error whose first line is {@code expected}. */
    private static void assertUsageError(String expected, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertEquals(expected, result.err().lines().findFirst().orElseThrow());
    }

    @Test
    void unknownModelFamilyIsAOneLineUsageErrorListingTheFamilies(@TempDir Path dir) {
        Cli.Result result = Cli.run("train", "--run-dir", dir.resolve("run").toString(), "--family", "pixel-rnn");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals("error: family must be one of pixelcnn|gated-pixelcnn|row-lstm|diagonal-bilstm, got 'pixel-rnn'",
                result.err().lines().findFirst().orElseThrow());
        assertTrue(Files.notExists(dir.resolve("run")));
    }

    @Test
    void theConfFileNamesNoModelPath() {
        // a model to read is always given: conf/pixelcnn.conf's family key is train's --family, not evaluate's --model
        Cli.Result result = Cli.run("evaluate", "--limit", "3");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.err().startsWith("error: Missing required option: '--model=PATH'"), result.err());
    }

    @Test
    void missingConfFileIsAUsageError(@TempDir Path dir) {
        Cli.Result result = Cli.run("train", "--conf", dir.resolve("none.conf").toString(), "--help");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.err().contains("none.conf: no such configuration file"), result.err());
    }

    @Test
    void confFileOverridesTheBundledDefaults(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("my.conf"), "batch-size=7\n");
        String help = Cli.run("train", "--conf", conf.toString(), "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("Images per minibatch on each worker. Default: 7"), help);
    }

    @Test
    void confFileKeysAndTrainOptionsAreTheSameSet() throws Exception {
        Properties conf = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("conf/pixelcnn.conf"))) {
            conf.load(in);
        }
        Set<String> options = new TreeSet<>();
        for (CommandLine.Model.OptionSpec option : new CommandLine(new Main()).getSubcommands().get("train")
                .getCommandSpec().options()) {
            options.add(option.longestName().substring(2));
        }
        options.removeAll(Set.of("run-dir", "resume", "conf", "help", "version"));
        assertEquals(new TreeSet<>(conf.stringPropertyNames()), options);
        // a run saves every key but the one that only changes what it shows
        Set<String> saved = new TreeSet<>(conf.stringPropertyNames());
        saved.remove(TrainCommand.REPORT_SAMPLES);
        assertEquals(saved, new TreeSet<>(JobConfig.fromProperties(conf, "conf/pixelcnn.conf").toMap().keySet()));
    }
}
