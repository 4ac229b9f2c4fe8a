package io.pixelcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
