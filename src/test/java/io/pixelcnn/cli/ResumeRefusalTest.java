package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * README, train: "{@code --resume RUN_DIR} continues ... with the run's saved configuration (only
 * {@code --epochs}, {@code --learning-rate}, {@code --early-stopping-patience} and {@code --report-samples} may change)". Every other option of
 * {@code train}, taken from its picocli spec so a new one is covered without touching this test, is refused
 * with exit 2 and one line naming it, before Spark starts and before the run directory is touched.
 */
class ResumeRefusalTest {

    /** The options that name the run or the defaults file, not a configuration value. */
    private static final Set<String> NOT_KEYS = Set.of("run-dir", "resume", "conf", "help", "version");
    private static final Set<String> MAY_CHANGE = Set.of("epochs", "learning-rate", "early-stopping-patience", "report-samples");

    @TempDir
    Path dir;
    private Path run;
    private Properties saved;
    private byte[] savedBytes;

    /** A run directory holding what a run saves first: its resolved configuration (the defaults, 2 workers). */
    @BeforeEach
    void savedRun() throws Exception {
        Properties bundled = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("conf/pixelcnn.conf"))) {
            bundled.load(in);
        }
        // training data that does not exist: an accepted resume then stops at reading it, with exit 3, not 2
        bundled.setProperty(JobConfig.TRAIN_DATA, dir.resolve("no-such-data").toString());
        run = Files.createDirectories(dir.resolve("run"));
        String text = JobConfig.fromProperties(bundled, "test").withParallelismOf(2).toPropertiesText();
        Files.writeString(run.resolve("config.properties"), text);
        savedBytes = Files.readAllBytes(run.resolve("config.properties"));
        saved = new Properties();
        saved.load(new java.io.StringReader(text));
    }

    @Test
    void everyConfigurationKeyButThreeIsRefusedWithOneLineNamingIt() throws Exception {
        Set<String> refused = new TreeSet<>();
        for (OptionSpec option : trainOptions()) {
            String key = option.longestName().substring(2);
            if (NOT_KEYS.contains(key) || MAY_CHANGE.contains(key)) {
                continue;
            }
            Cli.Result result = Cli.run("train", "--resume", run.toString(), changedArgument(option, key,
                    saved.getProperty(key, "")));
            assertEquals(ExitCodes.USAGE, result.exitCode(), key + ": " + result.err());
            List<String> lines = result.errorLines().lines().toList();
            // one error line naming the key; a configuration error is followed by the usual pointer to --help
            assertEquals(List.of("error: --" + key + " cannot change on --resume: the run keeps its saved configuration",
                    "Try 'pixelcnn train --help' for the options."), lines, key);
            assertArrayEquals(savedBytes, Files.readAllBytes(run.resolve("config.properties")), key);
            assertEquals(Set.of("config.properties"), Set.of(run.toFile().list()), key + ": nothing else written");
            refused.add(key);
        }
        // every saved key but the two that may change was tried: the loop missed none of the run's configuration
        Set<String> expected = new TreeSet<>(saved.stringPropertyNames());
        expected.removeAll(MAY_CHANGE);
        assertEquals(expected, refused);
    }

    @Test
    void theFourThatMayChangeAreAccepted() throws Exception {
        Cli.Result result = Cli.run("train", "--resume", run.toString(), "--epochs", "7", "--learning-rate", "0.0005",
                "--early-stopping-patience", "2", "--report-samples", "4");
        // accepted: the resume goes on to read the run's (missing) training data, and fails there, not on a key
        assertEquals(ExitCodes.BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.errorLines().contains("no-such-data"), result.err());
        assertTrue(!result.err().contains("cannot change on --resume"), result.err());
    }

    private static List<OptionSpec> trainOptions() {
        return new CommandLine(new Main()).getSubcommands().get("train").getCommandSpec().options();
    }

    /** The option given with a value other than the saved one; a flag in the form that flips it. */
    private static String changedArgument(OptionSpec option, String key, String saved) {
        if (option.type() == boolean.class || option.type() == Boolean.class) {
            return Boolean.parseBoolean(saved) ? "--no-" + key : "--" + key;
        }
        return "--" + key + "=" + changedValue(option.type(), saved);
    }

    /** A value of the option's type that differs from the saved one (only parsed, never validated: refused first). */
    private static String changedValue(Class<?> type, String saved) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return Long.toString(Long.parseLong(saved) + 1);
        }
        if (type == double.class || type == Double.class) {
            return Double.toString(Double.parseDouble(saved) + 0.5);
        }
        if (type == String.class) {
            return "changed" + saved;
        }
        throw new AssertionError("a train option of a type this test cannot change yet: " + type);
    }
}
