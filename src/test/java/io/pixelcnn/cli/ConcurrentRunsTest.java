package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunClaim;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.JavaProcess;
import io.pixelcnn.testing.MiniHdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code train} processes on one run directory: the run directory is claimed when a run starts, so of
 * two started at once exactly one trains and the other is refused with one line and exit code 2, on a local
 * disk and on HDFS; a run still training refuses a {@code --resume}, and once its process is dead (killed,
 * not ended) {@code --resume} takes its claim over and finishes the run.
 */
class ConcurrentRunsTest {

    /** The data as file: URIs, which stay local when HDFS is the default file system. */
    private static final List<String> SMALL = List.of("--train-data", FashionMnist.TRAIN_IMAGES.toUri().toString(),
            "--test-data", FashionMnist.TEST_IMAGES.toUri().toString(), "--train-limit", "600", "--test-limit", "100",
            "--train-eval-limit", "100", "--hidden", "4", "--blocks", "1", "--workers", "2", "--partitions", "2",
            "--report-samples", "0", "--seed", "3");

    @TempDir
    Path dir;

    @Test
    void ofTwoRunsStartedAtOnceOnOneLocalRunDirectoryOneTrainsAndOneIsRefused() throws Exception {
        String run = dir.resolve("run").toString();
        assertOneTrainsOneRefused(run, List.of());
        assertTrue(Files.exists(dir.resolve("run").resolve(RunDirectory.MODEL)));
        assertFalse(Files.exists(dir.resolve("run").resolve(RunClaim.FILE)), "the winner released its claim");
    }

    @Test
    void ofTwoRunsStartedAtOnceOnOneHdfsRunDirectoryOneTrainsAndOneIsRefused() throws Exception {
        try (MiniHdfs hdfs = MiniHdfs.start(dir.resolve("hdfs"))) {
            assertOneTrainsOneRefused("hdfs:///runs/x", List.of("-Dspark.hadoop.fs.defaultFS=" + hdfs.uri()));
            assertTrue(hdfs.fs().exists(new org.apache.hadoop.fs.Path("/runs/x/" + RunDirectory.MODEL)));
        }
    }

    @Test
    void aRunStillTrainingRefusesResumeAndADeadRunsClaimIsTakenOverByResume() throws Exception {
        Path run = dir.resolve("run");
        Process first = train(List.of(), List.of("--run-dir", run.toString(), "--epochs", "4"), dir.resolve("first.log"));
        Path checkpoint = run.resolve("checkpoints/epoch-0001.zip");
        JavaProcess.awaitFile(checkpoint, first, dir.resolve("first.log"));

        Cli.Result refused = Cli.run("train", "--resume", run.toString());
        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.err());
        assertEquals("error: --resume " + run + " is in use by process " + first.pid() + " on "
                + RunClaim.Holder.current().host(), refused.errorLines().replaceFirst(", whose claim .*", ""));
        assertTrue(first.isAlive(), "the first run went on");

        first.destroyForcibly();
        first.waitFor(60, TimeUnit.SECONDS);
        assertFalse(Files.exists(run.resolve(RunDirectory.MODEL)), "the first run was killed before its end");
        assertTrue(Files.exists(run.resolve(RunClaim.FILE)), "a killed run leaves its claim");
        Cli.Result resumed = Cli.run("train", "--resume", run.toString());
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertTrue(Files.exists(run.resolve(RunDirectory.MODEL)));
        assertFalse(Files.exists(run.resolve(RunClaim.FILE)));
    }

    private void assertOneTrainsOneRefused(String run, List<String> jvmFlags) throws Exception {
        List<String> args = List.of("--run-dir", run, "--epochs", "1");
        Process a = train(jvmFlags, args, dir.resolve("a.log"));
        Process b = train(jvmFlags, args, dir.resolve("b.log"));
        assertTrue(a.waitFor(30, TimeUnit.MINUTES) && b.waitFor(30, TimeUnit.MINUTES), "both ended"); // only stops a hang
        List<Integer> codes = new ArrayList<>(List.of(a.exitValue(), b.exitValue()));
        codes.sort(null);
        String logs = Files.readString(dir.resolve("a.log")) + "\n----\n" + Files.readString(dir.resolve("b.log"));
        assertEquals(List.of(ExitCodes.OK, ExitCodes.USAGE), codes, logs);
        String loser = Files.readString(dir.resolve(a.exitValue() == ExitCodes.USAGE ? "a.log" : "b.log"));
        List<String> errors = loser.lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), loser);
        // refused by the claim, or (had the winner already written its configuration) as a directory in use
        assertTrue(errors.get(0).startsWith("error: --run-dir ") && (errors.get(0).contains(" is in use by process ")
                || errors.get(0).contains(" already holds a run")), errors.get(0));
        assertFalse(loser.contains("\tat "), "no stack trace: " + loser);
    }

    private static Process train(List<String> jvmFlags, List<String> args, Path log) throws Exception {
        List<String> flags = new ArrayList<>(JavaProcess.localSparkDriver());
        flags.addAll(jvmFlags);
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(args);
        all.addAll(SMALL);
        return JavaProcess.start(flags, Map.of("OMP_NUM_THREADS", "1"), Main.class, all, log);
    }
}
