package io.pixelcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.MiniHdfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomic writes and directory moves on a real HDFS (a MiniDFSCluster on loopback) through paths without
 * host and port ({@code hdfs:///a/b}), which only the configuration's {@code fs.defaultFS} completes.
 */
class HdfsAtomicFilesTest {

    @TempDir
    static java.nio.file.Path dir;

    private static MiniHdfs hdfs;
    private static Configuration conf;

    @BeforeAll
    static void startHdfs() throws Exception {
        hdfs = MiniHdfs.start(dir.resolve("hdfs"));
        conf = hdfs.clientConf();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void writeReplacesAFileGivenWithoutHostAndPort() throws Exception {
        Path target = new Path("hdfs:///write/config.properties");
        AtomicFiles.write(target, conf, out -> out.write("1".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(target, conf, out -> out.write("2".getBytes(StandardCharsets.UTF_8)));
        assertEquals("2", read("/write/config.properties"));
        assertEquals(List.of("/write/config.properties"), hdfs.filesUnder("/write"));
    }

    @Test
    void moveDirectoryRenamesAFinishedDirectoryAndRefusesAnExistingTarget() throws Exception {
        hdfs.fs().mkdirs(new Path("/move/.done.tmp"));
        hdfs.fs().create(new Path("/move/.done.tmp/part-0")).close();
        AtomicFiles.moveDirectory(new Path("hdfs:///move/.done.tmp"), new Path("hdfs:///move/done"), conf);
        assertEquals(List.of("/move/done/part-0"), hdfs.filesUnder("/move"));

        hdfs.fs().mkdirs(new Path("/move/.again.tmp"));
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.moveDirectory(
                new Path("hdfs:///move/.again.tmp"), new Path(hdfs.uri() + "/move/done"), conf));
        assertTrue(hdfs.fs().exists(new Path("/move/.again.tmp")), "nothing moved into the existing target");
    }

    @Test
    void aWriteBeyondTheSpaceQuotaNamesTheTargetAndLeavesTheOldContent() throws Exception {
        Path target = new Path("hdfs:///quota/metrics.csv");
        AtomicFiles.write(target, conf, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        Path folder = new Path("/quota");
        hdfs.fs().setQuota(folder, HdfsConstants.QUOTA_DONT_SET, hdfs.fs().getContentSummary(folder).getSpaceConsumed());

        StorageException full = assertThrows(StorageException.class,
                () -> AtomicFiles.write(target, conf, out -> out.write("new".getBytes(StandardCharsets.UTF_8))));
        assertEquals(StorageException.Kind.FULL, full.kind());
        assertTrue(full.getMessage().startsWith(hdfs.uri() + "/quota/metrics.csv: no space left (HDFS space quota: "),
                full.getMessage());
        assertEquals("old", read("/quota/metrics.csv"));
        assertEquals(List.of("/quota/metrics.csv"), hdfs.filesUnder("/quota"), "no temporary file");
    }

    @Test
    void qualifiedPathsOfOneDirectoryCompareEqualHoweverSpelt() throws Exception {
        assertTrue(StoragePaths.same("hdfs:///runs/x", hdfs.uri() + "/runs/x/", conf));
        assertTrue(StoragePaths.same("/runs/x", "hdfs:///runs/x", conf), "a bare path is on the default file system");
        assertFalse(StoragePaths.same("hdfs:///runs/x", "hdfs:///runs/y", conf));
        assertFalse(StoragePaths.same("hdfs:///runs/x", "file:///runs/x", conf));
    }

    private static String read(String path) throws IOException {
        try (InputStream in = hdfs.fs().open(new Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
