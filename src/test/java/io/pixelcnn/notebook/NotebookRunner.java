package io.pixelcnn.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Runs the code cells of a Jupyter notebook written for the IJava kernel, in order, in one JShell (the
 * engine IJava itself is built on) inside this JVM, with this JVM's class path. Kernel magics
 * ({@code %jars ...}) are the kernel's business and skipped; {@code display(x)} is routed to
 * {@link NotebookOutputs}. Any compile error or exception fails with the cell and the snippet.
 */
final class NotebookRunner implements AutoCloseable {

    /** One executed cell: what it printed, what it displayed, the value of its last expression. */
    record CellResult(String printed, List<Object> displayed, String value) {
    }

    private static final List<String> DEFAULT_IMPORTS = List.of("java.io", "java.math", "java.net", "java.nio.file",
            "java.util", "java.util.concurrent", "java.util.function", "java.util.prefs", "java.util.regex",
            "java.util.stream");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final JShell shell;

    NotebookRunner() {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        shell = JShell.builder().executionEngine("local").out(out).err(out).build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            shell.addToClasspath(entry);
        }
        // surefire runs tests from a manifest-only jar: its Class-Path entries are the real class path
        for (String entry : System.getProperty("surefire.test.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        // what IJava (like the jshell tool) imports before the first cell
        for (String pkg : DEFAULT_IMPORTS) {
            eval("default imports", "import " + pkg + ".*;");
        }
        eval("display-function", "void display(Object value) { " + NotebookOutputs.class.getName() + ".display(value); }");
    }

    CellResult run(String name, String cellSource) {
        String code = cellSource.lines().filter(line -> !line.stripLeading().startsWith("%"))
                .collect(Collectors.joining("\n"));
        printed.reset();
        String value = null;
        String remaining = code;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        // cells run in this JVM: what they print to System.out is the cell's output, as in the kernel
        PrintStream console = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (!info.completeness().isComplete()) {
                    throw new AssertionError(name + ": incomplete code: " + remaining.strip());
                }
                value = eval(name, info.source());
                remaining = info.remaining();
            }
        } finally {
            System.out.flush();
            System.setOut(console);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        console.print(text);
        return new CellResult(text, NotebookOutputs.drain(), value);
    }

    /** Evaluates one snippet; returns its value if it is an expression. */
    private String eval(String name, String snippet) {
        String value = null;
        for (SnippetEvent event : shell.eval(snippet)) {
            if (event.exception() != null) {
                throw new AssertionError(name + ": " + event.exception() + "\n  in: " + snippet.strip(), event.exception());
            }
            if (event.status() == Snippet.Status.REJECTED) {
                String errors = shell.diagnostics(event.snippet()).map(Diag::toString).collect(Collectors.joining("; "));
                throw new AssertionError(name + ": does not compile: " + errors + "\n  in: " + snippet.strip());
            }
            if (event.snippet().kind() == Snippet.Kind.EXPRESSION || event.snippet().kind() == Snippet.Kind.VAR) {
                value = event.value();
            }
        }
        return value;
    }

    @Override
    public void close() {
        shell.close();
    }

    /** The code cells of a notebook, in order. */
    static List<String> codeCells(JsonNode notebook) {
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : notebook.get("cells")) {
            if ("code".equals(cell.get("cell_type").asText())) {
                cells.add(source(cell));
            }
        }
        return cells;
    }

    static String source(JsonNode cell) {
        JsonNode source = cell.get("source");
        if (source.isArray()) {
            StringBuilder text = new StringBuilder();
            source.forEach(line -> text.append(line.asText()));
            return text.toString();
        }
        return source.asText();
    }

    /** Writes the results into the notebook's code cells as Jupyter outputs, numbering executions. */
    static void saveOutputs(Path file, JsonNode notebook, List<CellResult> results) throws IOException {
        ObjectMapper json = new ObjectMapper();
        int index = 0;
        for (JsonNode cell : notebook.get("cells")) {
            if (!"code".equals(cell.get("cell_type").asText())) {
                continue;
            }
            CellResult result = results.get(index++);
            ObjectNode code = (ObjectNode) cell;
            code.put("execution_count", index);
            ArrayNode outputs = code.putArray("outputs");
            if (!result.printed().isEmpty()) {
                ObjectNode stream = outputs.addObject().put("output_type", "stream").put("name", "stdout");
                lines(stream.putArray("text"), result.printed());
            }
            for (Object shown : result.displayed()) {
                ObjectNode data = outputs.addObject().put("output_type", "display_data");
                data.putObject("metadata");
                ObjectNode mime = data.putObject("data");
                if (shown instanceof BufferedImage image) {
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(image, "png", png);
                    mime.put("image/png", Base64.getEncoder().encodeToString(png.toByteArray()));
                }
                lines(mime.putArray("text/plain"), String.valueOf(shown));
            }
            if (result.value() != null) {
                ObjectNode value = outputs.addObject().put("output_type", "execute_result").put("execution_count", index);
                value.putObject("metadata");
                lines(value.putObject("data").putArray("text/plain"), result.value());
            }
        }
        Files.writeString(file, json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(notebook) + "\n");
    }

    private static void lines(ArrayNode array, String text) {
        text.lines().forEach(line -> array.add(line + "\n"));
    }
}
