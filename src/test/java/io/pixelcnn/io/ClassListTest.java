package io.pixelcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.builder.ModelBuilder;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
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
    void aConditionalModelCarriesItsClassesAndAnUnconditionalOneNone() throws Exception {
        ComputationGraph graph = ModelBuilder.build(new ModelConfig(ModelFamily.PIXELCNN, 3, 1, 3, 3).conditionedOn(2),
                new ImageShape(1, 4, 4), 1e-3, 1);
        ClassList classes = new ClassList(List.of("cat", "dog"), List.of(3L, 4L));
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path conditional = new org.apache.hadoop.fs.Path(dir.resolve("conditional.zip").toString());
        Files.write(dir.resolve("conditional.zip"), ModelBytes.of(graph, false, new byte[0], ModelFiles.classEntries(classes)));
        assertEquals(Optional.of(classes), ModelFiles.classes(conditional, conf));
        Files.write(dir.resolve("plain.zip"), ModelBytes.of(graph, false, new byte[0]));
        assertEquals(Optional.empty(), ModelFiles.classes(new org.apache.hadoop.fs.Path(dir.resolve("plain.zip").toString()), conf));
        assertEquals(graph.params(), ModelFiles.load(conditional, conf, false).params(), "the network loads as before");
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
