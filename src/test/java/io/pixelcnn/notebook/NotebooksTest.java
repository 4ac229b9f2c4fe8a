package io.pixelcnn.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.cli.TrainedRun;
import io.pixelcnn.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code cell of every notebook in notebooks/ runs, in order, against a real trained run, so the
 * notebooks never rot. They run in a JVM of their own ({@link NotebookKernel}) that has exactly the JVM
 * flags notebooks/README.md tells a user to give the kernel, read from that file, and nothing of this
 * test JVM's. With {@code -Dnotebooks.save=true} the outputs are written back into the notebooks (that is
 * how the saved outputs were made, with {@code -Dpixelcnn.run=runs/quickstart}).
 */
class NotebooksTest {

    private static final Path README = Path.of("notebooks/README.md");
    private static final Pattern KERNEL_FLAGS = Pattern.compile("\"JDK_JAVA_OPTIONS\": \"([^\"]*)\"");

    @TempDir
    Path out;

    @Test
    void everyCodeCellOfEveryNotebookRunsInAJvmWithTheReadmesFlagsAndShowsImages() throws Exception {
        String run = System.getProperty("pixelcnn.run", TrainedRun.dir().toString());
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 2, "notebooks: " + notebooks);
        for (Path file : notebooks) {
            JsonNode notebook = new ObjectMapper().readTree(file.toFile());
            assertEquals("java", notebook.at("/metadata/kernelspec/language").asText(), file + ": a Java kernel");
            assertFalse(NotebookRunner.codeCells(notebook).isEmpty(), file + " has code");
        }

        String kernelFlags = kernelFlagsFromReadme();
        List<String> args = new ArrayList<>(List.of(out.toString(), "pixelcnn.run=" + run));
        // what a notebook reads from system properties; set inside the kernel, not as JVM flags
        for (String key : List.of("spark.master", "spark.driver.host", "spark.driver.bindAddress", "spark.ui.enabled")) {
            if (System.getProperty(key) != null) {
                args.add(key + "=" + System.getProperty(key));
            }
        }
        notebooks.forEach(file -> args.add(file.toString()));
        JavaProcess.Result kernel = JavaProcess.run(List.of(), Map.of("JDK_JAVA_OPTIONS", kernelFlags),
                NotebookKernel.class, args, out.resolve("kernel.log"), 600);
        assertEquals(0, kernel.exitCode(), kernel.output());

        List<String> jvmFlags = Files.readAllLines(out.resolve(NotebookKernel.JVM_FLAGS)).stream()
                .filter(flag -> !flag.isBlank()).toList();
        assertEquals(Arrays.asList(kernelFlags.split(" ")), jvmFlags, "the kernel JVM had the README's flags, no others");
        for (Path file : notebooks) {
            JsonNode executed = new ObjectMapper().readTree(out.resolve(file.getFileName()).toFile());
            assertTrue(executed.findValues("image/png").size() >= 1, file + " shows at least one image");
            if (Boolean.getBoolean("notebooks.save")) {
                Files.copy(out.resolve(file.getFileName()), file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The value of JDK_JAVA_OPTIONS in the kernel.json entry notebooks/README.md shows. */
    private static String kernelFlagsFromReadme() throws Exception {
        Matcher flags = KERNEL_FLAGS.matcher(Files.readString(README));
        assertTrue(flags.find(), README + " names the kernel's JDK_JAVA_OPTIONS");
        String value = flags.group(1);
        assertFalse(flags.find(), README + " names them once");
        assertTrue(value.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), value);
        return value;
    }
}
