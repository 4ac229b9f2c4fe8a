package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.LogCapture;
import io.pixelcnn.train.EpochMetrics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Your own images", reproduced from the repository alone: {@code docs/examples/make-example-data.sh}
 * writes small versions of the example corpora (300 training images per layout), and the section's own
 * {@code bash} blocks, read from README.md, run in-process on local[2] with a tiny model (the data path is under
 * test, not the model). A command changed in the README is the command this test runs.
 */
class YourOwnImagesReadmeTest {

    private static final String SECTION = "## Your own images";
    private static final int IMAGES = 300;
    /** Options the test sets for speed, replacing the README's values where it gives them. */
    private static final Map<String, String> TINY_TRAIN = Map.of("--hidden", "4", "--blocks", "1", "--batch-size", "8",
            "--averaging-frequency", "2", "--workers", "2", "--report-samples", "0");

    @TempDir
    static Path dir;
    private static Path examples;
    private static List<List<String>> commands;

    @BeforeAll
    static void writeTheExampleCorporaWithTheRepositorysGenerator() throws Exception {
        String section = section(Files.readString(Path.of("README.md")));
        Matcher generator = Pattern.compile("`(docs/examples/make-example-data\\.sh) examples`").matcher(section);
        assertTrue(generator.find(), "the section names the generator and its output folder:\n" + section);
        assertTrue(Files.isExecutable(Path.of(generator.group(1))), generator.group(1));
        examples = dir.resolve("examples");
        // the script itself, with this JVM's class path in place of the built jar (the test runs before `package`)
        ProcessBuilder script = new ProcessBuilder("bash", generator.group(1), examples.toString(), "--images",
                Integer.toString(IMAGES)).redirectErrorStream(true);
        script.environment().put("PIXELCNN_CLASSPATH", System.getProperty("java.class.path"));
        Process process = script.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "generator still running:\n" + output);
        assertEquals(0, process.exitValue(), output);
        commands = commands(section);
    }

    @Test
    void theGeneratorWritesTheThreeLayoutsTheReadmeDescribes() throws IOException {
        List<Path> photos = files(examples.resolve("photos"));
        assertEquals(IMAGES + 3, photos.size());
        assertEquals(10, classFolders(examples.resolve("photos")).size());
        assertEquals(Set.of("ankle-boot", "bag", "coat", "dress", "pullover", "sandal", "shirt", "sneaker",
                "t-shirt-top", "trouser"), classFolders(examples.resolve("photos")));
        assertEquals(IMAGES / 6, files(examples.resolve("photos-test")).size());
        assertTrue(photos.stream().anyMatch(p -> p.toString().endsWith(".jpg")));
        assertTrue(photos.stream().anyMatch(p -> p.toString().endsWith(".png")));
        // CIFAR's record: a label byte and 3 x 1,024 bytes; 5 batches of a fifth each
        for (int batch = 1; batch <= 5; batch++) {
            assertEquals(IMAGES / 5 * 3073L, Files.size(examples.resolve("cifar-format/data_batch_" + batch + ".bin")));
        }
        assertEquals(IMAGES / 6 * 3073L, Files.size(examples.resolve("cifar-format/test_batch.bin")));
        assertTrue(Files.isRegularFile(examples.resolve("fashion-hf/train.parquet")), "one file, as datasets writes it");
        assertTrue(Files.isRegularFile(examples.resolve("fashion-hf/test.parquet")));
        try (var all = Files.walk(examples)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().endsWith(".crc")).toList());
        }
    }

    @Test
    void aFolderOfPhotosTrainsWithItsBrokenFilesSkippedAndListed() throws Exception {
        Path run = runCommand("runs/photos", "train");
        assertEquals("28x28", config(run).getProperty("image-size"));
        List<String> skipped = Files.readAllLines(run.resolve(RunDirectory.SKIPPED));
        assertEquals("dataset,image,reason", skipped.get(0));
        Set<String> brokenTrain = skipped.stream().skip(1).filter(row -> row.startsWith("train,"))
                .map(row -> Path.of(row.split(",")[1]).getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("broken-empty.jpg", "broken-not-an-image.png", "broken-truncated.jpg"), brokenTrain,
                String.join("\n", skipped));
        assertEquals(4, skipped.size(), "the header and the 3 broken files, none from the test set:\n" + skipped);
        EpochMetrics epoch = lastEpoch(run);
        assertEquals(IMAGES, epoch.images());
        assertTrue(Double.isFinite(epoch.testBitsPerDim()) && epoch.testBitsPerDim() < 8.0, epoch.toString());
    }

    @Test
    void aHuggingFaceParquetExportTrainsAndEvaluateRepeatsTheTestFigure() throws Exception {
        Path run = runCommand("runs/hf", "train");
        EpochMetrics epoch = lastEpoch(run);
        assertEquals(IMAGES, epoch.images());
        Cli.Result evaluation = run(command("runs/hf", "evaluate"));
        assertEquals(ExitCodes.OK, evaluation.exitCode(), evaluation.err());
        var json = new ObjectMapper().readTree(evaluation.out());
        assertEquals(IMAGES / 6, json.get("images").asInt());
        assertEquals(epoch.testBitsPerDim(), json.get("bits_per_dim").asDouble(), 1e-6);
    }

    @Test
    void cifarBinariesTrainAThreeChannelModelOnAllFiveBatches() throws Exception {
        Path run = runCommand("runs/cifar", "train");
        assertEquals("3", config(run).getProperty("channels"));
        EpochMetrics epoch = lastEpoch(run);
        assertEquals(IMAGES, epoch.images(), "the glob reads all 5 batches");
        assertTrue(Double.isFinite(epoch.testBitsPerDim()) && epoch.testBitsPerDim() < 8.0, epoch.toString());
    }

    // --- the README's commands ---------------------------------------------------------------------------

    /** Runs the README's {@code action} command on {@code runDir}, expecting it to succeed; returns the run. */
    private static Path runCommand(String runDir, String action) {
        Cli.Result result = run(command(runDir, action));
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        return Path.of(local(runDir));
    }

    /** The README's command for {@code action} that names {@code runDir}, with the test's folders and tiny model. */
    private static List<String> command(String runDir, String action) {
        List<String> command = commands.stream()
                .filter(words -> words.get(0).equals(action) && words.contains(runDir)).findFirst()
                .orElseThrow(() -> new AssertionError("no `" + action + "` of " + runDir + " in the README: " + commands));
        List<String> args = new ArrayList<>();
        for (String word : command) {
            args.add(local(word));
        }
        if (action.equals("train")) {
            TINY_TRAIN.forEach((option, value) -> {
                int at = args.indexOf(option);
                if (at >= 0) {
                    args.set(at + 1, value);
                } else {
                    args.addAll(List.of(option, value));
                }
            });
        }
        return args;
    }

    private static Cli.Result run(List<String> args) {
        try (LogCapture log = new LogCapture()) {
            Cli.Result result = Cli.run(args.toArray(String[]::new));
            return new Cli.Result(result.exitCode(), result.out(), result.err() + log.text());
        }
    }

    /** The README's relative {@code examples/...} and {@code runs/...} paths, in this test's folder. */
    private static String local(String word) {
        return word.startsWith("examples/") || word.startsWith("runs/") ? dir.resolve(word).toString() : word;
    }

    private static String section(String readme) {
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertTrue(start >= 0, "README.md has a section " + SECTION);
        int end = readme.indexOf("\n## ", start + SECTION.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /**
     * The section's {@code submit/local.sh} commands, as bash splits them into words (continued lines joined,
     * quotes removed, comments dropped), without the script's name.
     */
    static List<List<String>> commands(String section) {
        List<List<String>> commands = new ArrayList<>();
        Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (block.find()) {
            for (String line : block.group(1).replace("\\\n", " ").split("\n")) {
                List<String> words = words(line);
                if (!words.isEmpty()) {
                    assertEquals("submit/local.sh", words.get(0), line);
                    commands.add(words.subList(1, words.size()));
                }
            }
        }
        return commands;
    }

    /**
     * One line's words as bash splits them: blanks separate, quotes group and are removed, a backslash takes the
     * next character as it is, {@code #} starts a comment.
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0 && c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    // --- what a run left ---------------------------------------------------------------------------------

    private static List<Path> files(Path folder) throws IOException {
        try (var all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    private static Set<String> classFolders(Path folder) throws IOException {
        try (var all = Files.list(folder)) {
            return all.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Properties config(Path run) throws IOException {
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(run.resolve(RunDirectory.CONFIG))) {
            config.load(in);
        }
        return config;
    }

    private static EpochMetrics lastEpoch(Path run) throws IOException {
        List<EpochMetrics> epochs = Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream().skip(1)
                .filter(line -> !line.isBlank()).map(EpochMetrics::fromCsv).toList();
        return epochs.get(epochs.size() - 1);
    }
}
