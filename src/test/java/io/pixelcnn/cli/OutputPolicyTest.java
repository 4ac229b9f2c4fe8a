package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.testing.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one output policy (README, Commands): every command that writes a file or a folder refuses one that
 * exists, one line and exit 2 before any work, unless {@code --overwrite}, which replaces it; no hidden
 * {@code .crc} file beside a user's outputs or in a run folder; {@code score --format csv} writes the one file
 * named. A tiny run on real Fashion-MNIST, local[2].
 */
class OutputPolicyTest {

    private static final String TEST_DATA = FashionMnist.TEST_IMAGES.toString();

    @TempDir
    static Path dir;
    private static Path run;

    @BeforeAll
    static void trainATinyRun() {
        run = dir.resolve("run");
        Cli.Result training = Cli.run("train", "--run-dir", run.toString(), "--train-data", TEST_DATA, "--test-data",
                TEST_DATA, "--train-limit", "64", "--test-limit", "32", "--train-eval-limit", "32", "--hidden", "4",
                "--blocks", "1", "--epochs", "1", "--batch-size", "8", "--workers", "2", "--report-samples", "4");
        assertEquals(ExitCodes.OK, training.exitCode(), training.err());
    }

    @Test
    void aRunFolderHoldsNoChecksumFiles() throws IOException {
        assertTrue(Files.exists(run.resolve("model.zip")));
        assertEquals(List.of(), checksumFiles(run));
    }

    @Test
    void sampleOutIsRefusedWhenItExistsAndReplacedWithOverwrite() throws IOException {
        Path grid = dir.resolve("grid/x.png");
        refusedThenReplaced("--out", grid, "sample", "--model", run.toString(), "--n", "4", "--out", grid.toString());
    }

    @Test
    void sampleOutDirIsRefusedWhenItExistsAndReplacedWithOverwrite() throws IOException {
        Path samples = dir.resolve("samples/images");
        refusedThenReplaced("--out-dir", samples, "sample", "--model", run.toString(), "--n", "3", "--partitions", "2",
                "--out-dir", samples.toString());
        try (Stream<Path> files = Files.list(samples)) {
            assertEquals(List.of("sample-0000000.png", "sample-0000001.png", "sample-0000002.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void scoreCsvIsTheOneFileNamedRefusedWhenItExistsAndReplacedWithOverwrite() throws Exception {
        Path csv = dir.resolve("scores-csv/scores.csv");
        refusedThenReplaced("--out", csv, "score", "--model", run.toString(), "--data", TEST_DATA, "--limit", "20",
                "--partitions", "3", "--sort", "--format", "csv", "--out", csv.toString());
        try (Stream<Path> beside = Files.list(csv.getParent())) {
            assertEquals(List.of(csv), beside.toList(), "no part files, no hidden folder beside it");
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("image,bits_per_dim,nll_nats", lines.get(0));
        assertEquals(21, lines.size(), "one header and a row per image:\n" + lines);
        double[] bits = lines.stream().skip(1).mapToDouble(line -> Double.parseDouble(line.split(",")[1])).toArray();
        double[] sorted = bits.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < bits.length; i++) {
            assertEquals(sorted[bits.length - 1 - i], bits[i], "--sort's order across 3 partitions kept: " + lines);
        }
    }

    @Test
    void scoreParquetAndTopOutAreRefusedWhenTheyExistAndReplacedWithOverwrite() throws Exception {
        Path table = dir.resolve("scores-parquet/table");
        refusedThenReplaced("--out", table, "score", "--model", run.toString(), "--data", TEST_DATA, "--limit", "20",
                "--out", table.toString());
        assertTrue(Files.isDirectory(table), "Parquet stays a folder of Spark's part files");
        Path worst = dir.resolve("scores-top/worst.png");
        for (String name : List.of("first", "second", "third")) {
            List<String> command = new ArrayList<>(List.of("score", "--model", run.toString(), "--data", TEST_DATA,
                    "--limit", "20", "--out", dir.resolve("scores-top/" + name).toString(), "--top", "4",
                    "--top-out", worst.toString()));
            if (name.equals("third")) {
                command.add("--overwrite");
            }
            Cli.Result result = Cli.run(command.toArray(String[]::new));
            if (name.equals("second")) {
                assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
                assertEquals("error: --top-out " + worst + " already exists: choose a new one, or add --overwrite to "
                        + "replace it", result.errorLines());
                assertFalse(Files.exists(dir.resolve("scores-top/second")), "refused before any work");
            } else {
                assertEquals(ExitCodes.OK, result.exitCode(), result.err());
            }
        }
        assertEquals(List.of(), checksumFiles(worst.getParent()));
    }

    @Test
    void completeOutIsRefusedWhenItExistsAndReplacedWithOverwrite() throws IOException {
        Path grid = dir.resolve("complete/c.png");
        refusedThenReplaced("--out", grid, "complete", "--model", run.toString(), "--data", TEST_DATA, "--n", "2",
                "--out", grid.toString());
    }

    @Test
    void overwriteReplacesOnlyAnOutputOfItsOwnKind() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        Cli.Result result = Cli.run("sample", "--model", run.toString(), "--n", "2", "--out", folder.toString(),
                "--overwrite");
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertEquals("error: --out " + folder + " is a folder, not the file it writes: --overwrite replaces only its "
                + "own kind", result.errorLines());
        assertTrue(Files.isDirectory(folder));
    }

    /**
     * The command writes {@code target} (no .crc beside it); run again, it is refused with one line and the
     * output is left as it was; with --overwrite and another seed (where it takes one) it is replaced.
     */
    private static void refusedThenReplaced(String option, Path target, String... command) throws IOException {
        Cli.Result first = Cli.run(command);
        assertEquals(ExitCodes.OK, first.exitCode(), first.err());
        assertTrue(Files.exists(target), target.toString());
        assertEquals(List.of(), checksumFiles(target.getParent()));
        Path marker = Files.isDirectory(target) ? Files.writeString(target.resolve("older.txt"), "an older output") : null;
        byte[] before = marker == null ? Files.readAllBytes(target) : null;

        Cli.Result again = Cli.run(command);
        assertEquals(ExitCodes.USAGE, again.exitCode(), again.err());
        assertEquals("error: " + option + " " + target + " already exists: choose a new one, or add --overwrite to "
                + "replace it", again.errorLines());
        if (marker != null) {
            assertTrue(Files.exists(marker), "the older output left as it was");
        } else {
            assertArrayEquals(before, Files.readAllBytes(target), "the older output left as it was");
        }

        List<String> overwrite = new ArrayList<>(List.of(command));
        overwrite.add("--overwrite");
        if (!command[0].equals("score")) {
            overwrite.addAll(List.of("--seed", "7"));
        }
        Cli.Result replaced = Cli.run(overwrite.toArray(String[]::new));
        assertEquals(ExitCodes.OK, replaced.exitCode(), replaced.err());
        if (marker != null) {
            assertFalse(Files.exists(marker), "the folder replaced, not written into");
        } else if (!command[0].equals("score")) {
            assertFalse(Arrays.equals(before, Files.readAllBytes(target)), "another seed's images replaced the grid");
        }
        if (command[0].equals("score")) {
            assertEquals(20, new ObjectMapper().readTree(replaced.out()).get("images").asInt(), replaced.out());
        }
        assertEquals(List.of(), checksumFiles(target.getParent()));
    }

    private static List<Path> checksumFiles(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".crc")).toList();
        }
    }
}
