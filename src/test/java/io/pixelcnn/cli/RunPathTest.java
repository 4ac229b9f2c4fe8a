package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pixelcnn.io.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --run-dir} that cannot hold a new run, or a {@code --resume} with no run to continue, stops
 * {@code train} with one line and exit code 2 before any work: the training data given here does not
 * exist, so an error about the run path proves the path was checked first (no data read, no Spark), and
 * nothing in the path is touched.
 */
class RunPathTest {

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsNotARunDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "my notes");
        assertOneLineUsageError(train("--run-dir", file.toString()),
                "error: --run-dir " + file + " is a file, not a directory: choose another --run-dir");
        assertEquals("my notes", Files.readString(file));
    }

    @Test
    void aFolderBelowARegularFileIsNotARunDirectoryEither() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "my notes");
        assertOneLineUsageError(train("--run-dir", file.resolve("run").toString()),
                "error: --run-dir " + file + ", above " + file.resolve("run") + " is a file, not a directory: choose another --run-dir");
        assertEquals("my notes", Files.readString(file));
    }

    @Test
    void aStrayModelWithoutAConfigurationIsNeitherOverwrittenNorResumed() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("models"));
        byte[] model = {'P', 'K', 3, 4, 1, 2, 3};
        Files.write(folder.resolve(RunDirectory.MODEL), model);

        assertOneLineUsageError(train("--run-dir", folder.toString()), "error: --run-dir " + folder + " holds model.zip but no "
                + "config.properties: not a run to continue, and a new run would overwrite it: choose another --run-dir");
        assertOneLineUsageError(train("--resume", folder.toString()),
                "error: --resume " + folder + ": no run there (no config.properties); start one with --run-dir");
        assertArrayEquals(model, Files.readAllBytes(folder.resolve(RunDirectory.MODEL)));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(folder.resolve(RunDirectory.MODEL)), files.toList(), "nothing written beside it");
        }
    }

    @Test
    void anEmptyFolderOrOneWithUnrelatedFilesMayHoldANewRun() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("fresh"));
        Files.writeString(folder.resolve("README.txt"), "runs of the shirt experiment");
        // the path is fine, so the job goes on to the data, which is missing: exit 3, not 2
        Cli.Result result = train("--run-dir", folder.toString());
        assertEquals(ExitCodes.BAD_INPUT, result.exitCode(), result.err());
    }

    private Cli.Result train(String... runPath) {
        String missingData = dir.resolve("no-such-images").toString();
        return Cli.run(Stream.concat(Stream.of("train", "--train-data", missingData, "--test-data", missingData,
                "--epochs", "1"), Stream.of(runPath)).toArray(String[]::new));
    }

    private static void assertOneLineUsageError(Cli.Result result, String line) {
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertEquals(line, result.err().strip());
    }
}
