package io.pixelcnn.notebook;

import java.util.ArrayList;
import java.util.List;

/**
 * What a notebook cell passes to {@code display(...)}: IJava's kernel renders it; the test's kernel
 * stand-in collects it here, in the JVM the cells run in, to check it and to save it as the cell's output.
 */
public final class NotebookOutputs {

    private static final List<Object> DISPLAYED = new ArrayList<>();

    private NotebookOutputs() {
    }

    public static synchronized void display(Object value) {
        DISPLAYED.add(value);
    }

    static synchronized List<Object> drain() {
        List<Object> all = new ArrayList<>(DISPLAYED);
        DISPLAYED.clear();
        return all;
    }
}
