package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.MiniHdfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on paths of the default file system written without host and port ({@code hdfs:///runs/x}),
 * against a real HDFS (a MiniDFSCluster on loopback, the jobs on local[2]): the NameNode's address comes
 * from {@code fs.defaultFS}, and every path the job renames, commits or compares is qualified by its file
 * system first. Before that, the first atomic write failed with "Uri without authority". And a real HDFS
 * space quota that runs out in the middle of a run: one line naming the checkpoint, exit 1, no temporary
 * file, the last complete checkpoint intact, and {@code --resume} finishing once the quota is lifted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsRunTest {

    /** Local files, named as such: with HDFS as the default file system a bare path would mean HDFS. */
    private static final String TRAIN = "file:" + FashionMnist.TRAIN_IMAGES;
    private static final String TEST = "file:" + FashionMnist.TEST_IMAGES;
    private static final String RUN = "hdfs:///runs/x";
    private static final String[] TINY = {"--train-data", TRAIN, "--test-data", TEST, "--train-limit", "300",
            "--test-limit", "100", "--train-eval-limit", "100", "--hidden", "4", "--blocks", "1", "--batch-size", "16",
            "--workers", "2", "--partitions", "2", "--report-samples", "2"};

    @TempDir
    static Path dir;

    private static MiniHdfs hdfs;

    @BeforeAll
    static void startHdfs() throws Exception {
        hdfs = MiniHdfs.start(dir.resolve("hdfs")).useAsDefault();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    @Order(1)
    void trainWritesTheRunDirectoryOnHdfsAndResumeContinuesIt() throws Exception {
        assertOk(train("--run-dir", RUN, "--epochs", "1"));
        for (String name : List.of(RunDirectory.CONFIG, RunDirectory.METRICS, RunDirectory.MODEL, RunDirectory.REPORT,
                RunDirectory.CURVE, "checkpoints/epoch-0001.zip", "samples/epoch-0001.png")) {
            assertTrue(hdfs.fs().isFile(hdfsPath("/runs/x/" + name)), name + " on HDFS");
        }
        // the same run, spelt once without and once with the NameNode's address: not two runs
        Cli.Result resumed = Cli.run("train", "--resume", RUN, "--run-dir", hdfs.uri() + "/runs/x", "--epochs", "2");
        assertOk(resumed);
        assertTrue(hdfs.fs().isFile(hdfsPath("/runs/x/checkpoints/epoch-0002.zip")));
        assertEquals(4, read("/runs/x/" + RunDirectory.METRICS).strip().split("\n").length, "header, epochs 0, 1, 2");
        assertNoTemporaryFiles("/runs/x");
    }

    @Test
    @Order(2)
    void evaluateScoreAndSampleReadAndWriteHdfsPathsWithoutHostAndPort() throws Exception {
        assertOk(Cli.run("evaluate", "--model", RUN, "--data", TEST, "--limit", "40"));

        assertOk(Cli.run("score", "--model", RUN, "--data", TEST, "--limit", "40", "--out", "hdfs:///scores/x",
                "--format", "csv"));
        assertTrue(hdfs.fs().isFile(hdfsPath("/scores/x")), "one CSV file on HDFS, as named");
        assertEquals(List.of("/scores/x"), hdfs.filesUnder("/scores"), "nothing beside it");
        assertEquals(40, csvRows("/scores/x"), "one row per image");
        Cli.Result again = Cli.run("score", "--model", RUN, "--data", TEST, "--limit", "40",
                "--out", hdfs.uri() + "/scores/x");
        assertEquals(ExitCodes.USAGE, again.exitCode(), again.err());
        assertEquals("error: --out " + hdfs.uri() + "/scores/x already exists: choose a new one, or add --overwrite to replace it",
                again.errorLines());

        assertOk(Cli.run("sample", "--model", RUN, "--n", "3", "--sample-batch", "2", "--partitions", "2",
                "--out-dir", "hdfs:///samples/x"));
        assertEquals(List.of("/samples/x/sample-0000000.png", "/samples/x/sample-0000001.png",
                "/samples/x/sample-0000002.png"), hdfs.filesUnder("/samples/x").stream().sorted().toList());
        assertNoTemporaryFiles("/samples");
    }

    @Test
    @Order(3)
    void aSpaceQuotaRunningOutStopsTheRunWithOneLineAndResumeFinishesOnceItIsLifted() throws Exception {
        String run = "hdfs:///runs/quota";
        assertOk(train("--run-dir", run, "--epochs", "1"));
        DistributedFileSystem fs = hdfs.fs();
        org.apache.hadoop.fs.Path checkpoints = hdfsPath("/runs/quota/checkpoints");
        byte[] first = readBytes("/runs/quota/checkpoints/epoch-0001.zip");
        // room for what is there and a little more, but not for a new file's first block (1 MB, replication 1)
        long quota = fs.getContentSummary(checkpoints).getSpaceConsumed() + 1024;
        fs.setQuota(checkpoints, HdfsConstants.QUOTA_DONT_SET, quota);

        Cli.Result full = Cli.run("train", "--resume", run, "--epochs", "2");
        assertEquals(ExitCodes.FAILED, full.exitCode(), full.err());
        String line = full.errorLines();
        assertFalse(line.contains("\n"), "one line: " + full.err());
        assertTrue(line.startsWith("error: " + hdfs.uri() + "/runs/quota/checkpoints/epoch-0002.zip: no space left "
                + "(HDFS space quota: The DiskSpace quota of /runs/quota/checkpoints is exceeded"), line);
        assertNoTemporaryFiles("/runs/quota");
        assertFalse(fs.exists(hdfsPath("/runs/quota/checkpoints/epoch-0002.zip")));
        assertArrayEquals(first, readBytes("/runs/quota/checkpoints/epoch-0001.zip"), "the last checkpoint is intact");

        fs.setQuota(checkpoints, HdfsConstants.QUOTA_DONT_SET, HdfsConstants.QUOTA_RESET);
        assertOk(Cli.run("train", "--resume", run, "--epochs", "2"));
        assertTrue(fs.isFile(hdfsPath("/runs/quota/checkpoints/epoch-0002.zip")));
        assertEquals(4, read("/runs/quota/" + RunDirectory.METRICS).strip().split("\n").length,
                "epoch 2's row once: the one of the failed attempt was dropped on resume");
        assertNoTemporaryFiles("/runs/quota");
    }

    private static Cli.Result train(String... more) {
        return Cli.run(Stream.concat(Stream.of("train"), Stream.concat(Stream.of(more), Stream.of(TINY)))
                .toArray(String[]::new));
    }

    private static void assertOk(Cli.Result result) {
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    }

    private static void assertNoTemporaryFiles(String under) throws IOException {
        List<String> files = hdfs.filesUnder(under);
        assertFalse(files.isEmpty());
        assertEquals(List.of(), files.stream().filter(f -> f.contains(".tmp-") || f.contains(".pixelcnn-")).toList());
    }

    private static org.apache.hadoop.fs.Path hdfsPath(String path) {
        return new org.apache.hadoop.fs.Path(path);
    }

    private static byte[] readBytes(String path) throws IOException {
        try (InputStream in = hdfs.fs().open(hdfsPath(path))) {
            return in.readAllBytes();
        }
    }

    private static String read(String path) throws IOException {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    /** Rows of a CSV file, without its header. */
    private static long csvRows(String file) throws IOException {
        List<String> lines = read(file).lines().toList();
        assertEquals("image,bits_per_dim,nll_nats", lines.get(0));
        return lines.size() - 1;
    }
}
