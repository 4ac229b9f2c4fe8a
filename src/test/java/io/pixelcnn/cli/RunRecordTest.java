package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LogCapture;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run says and saves about itself: the Spark UI's address among the first lines it prints, the exact
 * command lines that trained it (as typed, with the folder they were typed in) in {@code command.txt}, and its
 * datasets qualified in {@code config.properties}. Real Spark local[2] with its UI on, a tiny model.
 */
class RunRecordTest {

    @TempDir
    static Path dir;

    @Test
    void aRunPrintsTheSparkUiFirstAndSavesItsCommandLinesAndQualifiedPaths() throws Exception {
        Path run = dir.resolve("a run's folder"); // a blank and a quote: the saved line must quote them
        String data = FashionMnist.TEST_IMAGES.toString();
        List<String> first = List.of("train", "--run-dir", run.toString(), "--train-data", data, "--test-data", data,
                "--train-limit", "32", "--test-limit", "16", "--train-eval-limit", "16", "--hidden", "4", "--blocks", "1",
                "--epochs", "1", "--batch-size", "8", "--workers", "2", "--report-samples", "0");
        String log = trainWithTheUiOn(first);

        Matcher ui = Pattern.compile("Spark UI: (http://\\S+)").matcher(log);
        assertTrue(ui.find(), "no Spark UI line in:\n" + log);
        assertTrue(ui.group(1).matches("http://[^:/]+:\\d+"), ui.group(1));
        assertTrue(ui.start() < log.indexOf("configuration:"), "the UI's address comes before the configuration:\n" + log);

        List<String> resumed = List.of("train", "--resume", run.toString(), "--epochs", "2");
        trainWithTheUiOn(resumed);
        List<String> lines = Files.readAllLines(run.resolve(RunDirectory.COMMAND));
        assertEquals(2, lines.size(), "one line per command that trained the run:\n" + lines);
        String cwd = Path.of("").toAbsolutePath().toString();
        List<List<String>> typed = List.of(first, resumed);
        for (int i = 0; i < 2; i++) {
            // as bash reads the line back: cd FOLDER && PROGRAM ARGS..., the arguments exactly as given
            List<String> words = YourOwnImagesReadmeTest.words(lines.get(i));
            List<String> expected = new ArrayList<>(List.of("cd", cwd, "&&"));
            expected.addAll(List.of(ProgramName.current().split(" ")));
            expected.addAll(typed.get(i));
            assertEquals(expected, words, lines.get(i));
        }
        assertTrue(lines.get(0).contains("'" + run.toString().replace("'", "'\\''") + "'"), lines.get(0));

        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(run.resolve(RunDirectory.CONFIG))) {
            config.load(in);
        }
        assertEquals("file:" + FashionMnist.TEST_IMAGES.toAbsolutePath(), config.getProperty("train-data"));
        assertEquals("file:" + FashionMnist.TEST_IMAGES.toAbsolutePath(), config.getProperty("test-data"));
    }

    /** Runs train with Spark's UI on (the tests' JVM turns it off) on a free port; returns what it logged. */
    private static String trainWithTheUiOn(List<String> args) {
        String enabled = System.getProperty("spark.ui.enabled");
        String port = System.getProperty("spark.ui.port");
        System.setProperty("spark.ui.enabled", "true");
        System.setProperty("spark.ui.port", "0");
        try (LogCapture log = new LogCapture()) {
            Cli.Result result = Cli.run(args.toArray(String[]::new));
            assertEquals(ExitCodes.OK, result.exitCode(), result.err() + log.text());
            return log.text();
        } finally {
            restore("spark.ui.enabled", enabled);
            restore("spark.ui.port", port);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
