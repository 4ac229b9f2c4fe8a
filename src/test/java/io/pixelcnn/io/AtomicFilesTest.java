package io.pixelcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static final Configuration CONF = new Configuration();

    @TempDir
    java.nio.file.Path dir;

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws Exception {
        java.nio.file.Path target = dir.resolve("metrics.csv");
        AtomicFiles.write(new Path(target.toString()), CONF, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> AtomicFiles.write(new Path(target.toString()), CONF, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().contains(".tmp-")).count());
        }
    }

    /**
     * /dev/full answers every write with the kernel's ENOSPC, as a full disk does (a real full file system
     * needs a mount, which tests cannot make): the write names the target, not its temporary file, and
     * leaves neither.
     */
    @Test
    void aWriteThatRunsOutOfSpaceNamesTheTargetAndLeavesNoTemporaryFile() throws Exception {
        java.nio.file.Path target = dir.resolve("report.html");
        StorageException full = assertThrows(StorageException.class, () -> AtomicFiles.write(
                new Path(target.toString()), CONF, out -> {
                    try (OutputStream disk = new FileOutputStream("/dev/full")) {
                        disk.write(new byte[1 << 16]);
                        disk.flush();
                    }
                }));
        assertEquals(target + ": no space left on device", full.getMessage());
        assertEquals(StorageException.Kind.FULL, full.kind());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing left, not even a checksum file");
        }
    }

    @Test
    void aSecondWriteReplacesTheFirst() throws Exception {
        java.nio.file.Path target = dir.resolve("a/b/config.properties");
        AtomicFiles.write(new Path(target.toString()), CONF, out -> out.write('1'));
        AtomicFiles.write(new Path(target.toString()), CONF, out -> out.write('2'));
        assertEquals("2", Files.readString(target));
    }

    @Test
    void onlyCompleteCheckpointsCount() throws Exception {
        RunDirectory run = new RunDirectory(dir.toString(), CONF);
        assertEquals(OptionalInt.empty(), run.lastCheckpointEpoch());
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("checkpoints/epoch-0001.zip"), "one");
        Files.writeString(dir.resolve("checkpoints/.epoch-0002.zip.tmp-4d2a"), "half");
        assertEquals(OptionalInt.of(1), run.lastCheckpointEpoch());
    }
}
