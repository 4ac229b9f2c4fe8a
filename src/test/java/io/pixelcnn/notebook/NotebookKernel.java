package io.pixelcnn.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in for a Java kernel, run by {@link NotebooksTest} as a JVM of its own started with the flags
 * notebooks/README.md tells users to give their kernel:
 * {@code NotebookKernel OUT_DIR [key=value ...] NOTEBOOK.ipynb ...}. Sets the {@code key=value} system
 * properties (what a notebook reads, not JVM flags), runs every code cell of each notebook in order and
 * writes the notebook with its outputs to OUT_DIR, and the JVM's own flags to OUT_DIR/jvm-flags.txt. A
 * cell that does not compile or throws ends the process with a non-zero exit code and the cell's name.
 */
public final class NotebookKernel {

    static final String JVM_FLAGS = "jvm-flags.txt";

    private NotebookKernel() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.writeString(out.resolve(JVM_FLAGS),
                String.join("\n", ManagementFactory.getRuntimeMXBean().getInputArguments()) + "\n");
        for (String arg : List.of(args).subList(1, args.length)) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                System.setProperty(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                run(Path.of(arg), out);
            }
        }
        System.exit(0); // Spark leaves non-daemon threads behind
    }

    private static void run(Path file, Path out) throws Exception {
        JsonNode notebook = new ObjectMapper().readTree(file.toFile());
        List<NotebookRunner.CellResult> results = new ArrayList<>();
        try (NotebookRunner runner = new NotebookRunner()) {
            List<String> cells = NotebookRunner.codeCells(notebook);
            for (int i = 0; i < cells.size(); i++) {
                results.add(runner.run(file.getFileName() + " cell " + (i + 1), cells.get(i)));
            }
        }
        NotebookRunner.saveOutputs(out.resolve(file.getFileName()), notebook, results);
    }
}
