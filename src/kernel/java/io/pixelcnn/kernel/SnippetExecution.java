package io.pixelcnn.kernel;

import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in this JVM (as JJava does), on the kernel's thread, in {@link SnippetLoader}'s class
 * loader, and keeps the value of the last expression as an object: JShell itself only hands back its
 * text, and a cell's image or a String must reach Jupyter as an image, or as text without quotes.
 */
final class SnippetExecution extends DirectExecutionControl {

    private final SnippetLoader loader;
    private Object lastValue;

    private SnippetExecution(SnippetLoader loader) {
        super(loader);
        this.loader = loader;
    }

    /** The engine to pass to {@code JShell.builder().executionEngine(...)}, over {@code loader}. */
    static ExecutionControlProvider provider(SnippetLoader loader, SnippetExecution[] created) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "pixelcnn-cells";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                created[0] = new SnippetExecution(loader);
                return created[0];
            }
        };
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        // Spark, Hadoop and ServiceLoader find classes through the context class loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader.classLoader());
        try {
            // an exception the cell throws leaves as InvocationTargetException, which JShell reports
            lastValue = doitMethod.invoke(null);
            return valueString(lastValue);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The value of the last snippet run, then forgets it. */
    Object takeLastValue() {
        Object value = lastValue;
        lastValue = null;
        return value;
    }
}
