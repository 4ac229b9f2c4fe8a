package io.pixelcnn.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixelcnn.testing.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Jupyter of the build machine ({@code /usr/bin/jupyter}, Debian's nbconvert and nbclient, not a
 * python3 that happens to be first on the PATH) with the project's kernel installed by
 * notebooks/install-kernel.sh into a folder of its own, never the user's.
 */
final class Jupyter {

    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    static final Path INSTALL_SCRIPT = Path.of("notebooks/install-kernel.sh");
    static final int NOTEBOOK_SECONDS = 600;

    private final Path home;

    private Jupyter(Path home) {
        this.home = home;
    }

    /** Installs the kernel under {@code home}. */
    static Jupyter install(Path home) throws Exception {
        Script.Result installed = Script.start(home.resolve("install.log"), Map.of(),
                List.of("bash", INSTALL_SCRIPT.toString(), "--dir", home.resolve("data").toString())).await(60);
        if (installed.exitCode() != 0) {
            throw new AssertionError("install-kernel.sh failed:\n" + installed.output());
        }
        return new Jupyter(home);
    }

    /** The kernelspec install-kernel.sh wrote. */
    Path kernelSpec() {
        return home.resolve("data/kernels/java/kernel.json");
    }

    /**
     * {@code jupyter nbconvert --execute} of one notebook into {@code outDir}; its cells run in the
     * notebook's folder, in a kernel JVM with these system properties.
     */
    Script.Result execute(Path notebook, Path outDir, Map<String, String> javaProperties) throws Exception {
        Map<String, String> env = new HashMap<>();
        // Jupyter's folders in the test's own place: the kernelspec found first, nothing of the user's read or written
        env.put("JUPYTER_PATH", home.resolve("data").toString());
        env.put("JUPYTER_DATA_DIR", home.resolve("data").toString());
        env.put("JUPYTER_CONFIG_DIR", home.resolve("config").toString());
        env.put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
        // what the notebooks read from system properties; the kernel.json's JDK_JAVA_OPTIONS stays as installed
        StringBuilder properties = new StringBuilder();
        javaProperties.forEach((key, value) -> properties.append(" -D").append(key).append('=').append(value));
        env.put("JAVA_TOOL_OPTIONS", properties.toString().strip());
        Path log = outDir.resolve(notebook.getFileName() + ".log");
        Files.createDirectories(outDir);
        return Script.start(log, env, List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=java", "--ExecutePreprocessor.timeout=" + NOTEBOOK_SECONDS,
                "--output-dir", outDir.toString(), notebook.toString())).await(NOTEBOOK_SECONDS + 60);
    }

    /** A notebook for the Java kernel with these code cells. */
    static void writeNotebook(Path file, String... cells) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode notebook = json.createObjectNode();
        ArrayNode codeCells = notebook.putArray("cells");
        for (int i = 0; i < cells.length; i++) {
            ObjectNode cell = codeCells.addObject().put("cell_type", "code").put("id", "cell-" + (i + 1));
            cell.putNull("execution_count");
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.put("source", cells[i]);
        }
        notebook.putObject("metadata").putObject("kernelspec").put("display_name", "Java").put("language", "java")
                .put("name", "java");
        notebook.put("nbformat", 4).put("nbformat_minor", 5);
        Files.writeString(file, json.writeValueAsString(notebook));
    }
}
