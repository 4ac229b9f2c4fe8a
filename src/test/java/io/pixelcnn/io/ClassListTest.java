package io.pixelcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's classes saved as classes.txt, whole, and read back the same; a damaged file is one line naming it. */
class ClassListTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void classesAreSavedInTheRunAndReadBackInIndexOrderWithTheirCounts() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("run").toString(), new Configuration());
        assertEquals(Optional.empty(), run.readClasses(), "an unconditional run has no classes");
        ClassList classes = new ClassList(List.of("T-shirt/top", "ankle boot", "Bag"), List.of(6000L, 0L, 5999L));
        run.writeClasses(classes);
        ClassList read = run.readClasses().orElseThrow();
        assertEquals(classes, read);
        assertEquals(2, read.indexOf("Bag"));
        assertEquals(11999, read.total());
        try (var files = Files.list(dir.resolve("run"))) {
            assertEquals(List.of(RunDirectory.CLASSES), files.map(f -> f.getFileName().toString()).toList(),
                    "written through a temporary file renamed into place, nothing else left");
        }
        assertTrue(run.whyNotNew().orElseThrow().contains("holds classes.txt but no config.properties"));
    }

    @Test
    void aDamagedFileIsOneLineNamingItAndNamesMustBeUsable() throws Exception {
        RunDirectory run = new RunDirectory(dir.toString(), new Configuration());
        Files.writeString(dir.resolve(RunDirectory.CLASSES), "# header\nshirt\t12\nbag twelve\n");
        IOException damaged = assertThrows(IOException.class, run::readClasses);
        assertEquals(dir.resolve(RunDirectory.CLASSES) + ": line 3 is not NAME<TAB>COUNT: 'bag twelve'",
                damaged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClassList(List.of("a", "a"), List.of(1L, 2L)));
        assertThrows(IllegalArgumentException.class, () -> new ClassList(List.of("a\tb"), List.of(1L)));
    }
}
