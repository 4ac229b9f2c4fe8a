package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.MiniHdfs;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on paths of the default file system written without host and port ({@code hdfs:///runs/x}),
 * against a real HDFS (a MiniDFSCluster on loopback): the NameNode's address comes from
 * {@code fs.defaultFS}, and every path the job renames, commits or compares is qualified by its file
 * system first. Before the fix, the first atomic write failed with "Uri without authority".
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsRunTest {

    /** Local files, named as such: with HDFS as the default file system a bare path would mean HDFS. */
    private static final String TRAIN = "file:" + FashionMnist.TRAIN_IMAGES;
    private static final String TEST = "file:" + FashionMnist.TEST_IMAGES;
    private static final String RUN = "hdfs:///runs/x";

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
        Cli.Result first = Cli.run("train", "--run-dir", RUN, "--train-data", TRAIN, "--test-data", TEST,
                "--train-limit", "300", "--test-limit", "100", "--train-eval-limit", "100", "--hidden", "4",
                "--blocks", "1", "--batch-size", "16", "--workers", "2", "--partitions", "2", "--epochs", "1",
                "--report-samples", "2");
        assertEquals(ExitCodes.OK, first.exitCode(), first.err());
        FileSystem fs = hdfs.fs();
        for (String name : List.of(RunDirectory.CONFIG, RunDirectory.METRICS, RunDirectory.MODEL, RunDirectory.REPORT,
                RunDirectory.CURVE, "checkpoints/epoch-0001.zip", "samples/epoch-0001.png")) {
            assertTrue(fs.isFile(new org.apache.hadoop.fs.Path("/runs/x/" + name)), name + " on HDFS");
        }

        // --run-dir written the way --resume is, with the NameNode's address: the same run
        Cli.Result resumed = Cli.run("train", "--resume", RUN, "--run-dir", hdfs.uri() + "/runs/x", "--epochs", "2");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertTrue(fs.isFile(new org.apache.hadoop.fs.Path("/runs/x/checkpoints/epoch-0002.zip")));
        assertEquals(4, fs.open(new org.apache.hadoop.fs.Path("/runs/x/" + RunDirectory.METRICS)).readAllBytes().length > 0
                ? new String(fs.open(new org.apache.hadoop.fs.Path("/runs/x/" + RunDirectory.METRICS)).readAllBytes())
                        .strip().split("\n").length : 0, "header and epochs 0, 1, 2");
        assertFalse(hdfs.filesUnder("/runs/x").stream().anyMatch(f -> f.contains(".tmp-")), "no temporary file left");
    }
}
