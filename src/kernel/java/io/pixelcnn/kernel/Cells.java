package io.pixelcnn.kernel;

import io.pixelcnn.kernel.notebook.Display;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Runs the code of notebook cells, in order, in one JShell: the {@code %jars} magic, IJava's default
 * imports and its {@code display(x)} function, so notebooks written for IJava run unchanged.
 */
final class Cells implements AutoCloseable {

    /** What IJava (like the jshell tool) imports before the first cell. */
    private static final List<String> DEFAULT_IMPORTS = List.of("java.io", "java.math", "java.net", "java.nio.file",
            "java.util", "java.util.concurrent", "java.util.function", "java.util.prefs", "java.util.regex",
            "java.util.stream");
    private static final String JARS = "%jars";

    private final SnippetLoader loader = new SnippetLoader();
    private final SnippetExecution[] execution = new SnippetExecution[1];
    private final JShell shell;

    Cells() {
        shell = JShell.builder().executionEngine(SnippetExecution.provider(loader, execution), Map.of()).build();
        // the cells compile against the display bridge alone, not the kernel's class path
        shell.addToClasspath(bridgeClassDirectory().toString());
        for (String pkg : DEFAULT_IMPORTS) {
            eval("import " + pkg + ".*;");
        }
        eval("void display(Object value) { " + Display.class.getName() + ".display(value); }");
    }

    /** Runs a cell; returns the value of its last snippet if that is an expression, else null. */
    Object run(String cell) {
        List<String> lines = cell.lines().toList();
        int magics = 0;
        while (magics < lines.size() && lines.get(magics).stripLeading().startsWith("%")) {
            magic(lines.get(magics).strip());
            magics++;
        }
        String remaining = String.join("\n", lines.subList(magics, lines.size()));
        Object value = null;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                throw new CellError("incomplete code", List.of("incomplete code at the end of the cell:", remaining.strip()));
            }
            value = eval(info.source());
            remaining = info.remaining();
        }
        return value;
    }

    SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    JShell shell() {
        return shell;
    }

    /** {@code %jars a.jar b.jar}: paths relative to the notebook's folder, where Jupyter starts the kernel. */
    private void magic(String line) {
        String[] words = line.split("\\s+");
        if (!words[0].equals(JARS)) {
            throw new CellError(words[0] + ": unknown magic", List.of(words[0] + ": unknown magic; this kernel knows " + JARS));
        }
        for (int i = 1; i < words.length; i++) {
            Path jar = Path.of(words[i]).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new CellError(JARS + " " + words[i] + ": no such file",
                        List.of(JARS + " " + words[i] + ": no such file (" + jar + ")"));
            }
            shell.addToClasspath(jar.toString());
        }
    }

    /** Evaluates one complete snippet; returns its value if it is an expression. */
    private Object eval(String snippet) {
        lastValue();
        Object value = null;
        for (SnippetEvent event : shell.eval(snippet)) {
            if (event.exception() != null) {
                throw failure(event.exception(), snippet);
            }
            if (event.status() == Snippet.Status.REJECTED) {
                throw rejected(event.snippet(), snippet);
            }
            if (event.causeSnippet() == null && isExpression(event.snippet())) {
                value = lastValue();
            }
        }
        return value;
    }

    /** The value the engine kept from the snippet just run (the engine starts with the first snippet). */
    private Object lastValue() {
        return execution[0] == null ? null : execution[0].takeLastValue();
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet instanceof VarSnippet && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private CellError rejected(Snippet rejected, String source) {
        List<String> lines = new ArrayList<>();
        List<Diag> errors = shell.diagnostics(rejected).filter(Diag::isError).toList();
        for (Diag diag : errors) {
            lines.add("does not compile: " + diag.getMessage(null));
            lines.add("  " + lineAt(source, (int) diag.getPosition()).strip());
        }
        String first = errors.isEmpty() ? "does not compile" : errors.get(0).getMessage(null);
        lines.add("in: " + source.strip());
        return new CellError(first, lines);
    }

    private static CellError failure(Exception thrown, String source) {
        String name = thrown instanceof EvalException cause ? cause.getExceptionClassName() : thrown.getClass().getName();
        if (thrown instanceof UnresolvedReferenceException unresolved) {
            name = "unresolved reference";
            thrown = new IllegalStateException(unresolved.getSnippet().source().strip() + " uses what is not defined");
        }
        String message = name + ": " + thrown.getMessage();
        List<String> lines = new ArrayList<>(List.of(message));
        for (StackTraceElement frame : thrown.getStackTrace()) {
            lines.add("  at " + frame);
        }
        for (Throwable cause = thrown.getCause(); cause != null; cause = cause.getCause()) {
            String causeName = cause instanceof EvalException eval ? eval.getExceptionClassName() : cause.getClass().getName();
            lines.add("caused by " + causeName + ": " + cause.getMessage());
        }
        lines.add("in: " + source.strip());
        return new CellError(message, lines);
    }

    private static String lineAt(String source, int position) {
        if (position < 0 || position > source.length()) {
            return source;
        }
        int start = source.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
        int end = source.indexOf('\n', position);
        return source.substring(start, end < 0 ? source.length() : end);
    }

    /** A folder holding the {@link Display} class file alone, for the cells' compiler. */
    private static Path bridgeClassDirectory() {
        String file = Display.class.getName().replace('.', '/') + ".class";
        try (InputStream in = Display.class.getClassLoader().getResourceAsStream(file)) {
            Path dir = Files.createTempDirectory("pixelcnn-kernel-bridge");
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
            // deleted in the reverse order of registration: the folders first, the file last
            for (Path path = dir; !path.equals(target); path = path.resolve(target.getName(path.getNameCount()))) {
                path.toFile().deleteOnExit();
            }
            target.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("the kernel's display bridge: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        shell.close();
    }
}
