package io.pixelcnn.kernel.notebook;

import java.util.function.Consumer;

/**
 * What a cell's {@code display(x)} calls: shows {@code x} below the cell (an image as PNG, anything else
 * as text). The one kernel class the cells' class loader lets through, so it must name only JDK types.
 */
public final class Display {

    private static volatile Consumer<Object> sink = value -> {
        throw new IllegalStateException("display(...) outside a running kernel");
    };

    private Display() {
    }

    public static void display(Object value) {
        sink.accept(value);
    }

    /** Set once by the kernel. */
    public static void sendTo(Consumer<Object> target) {
        sink = target;
    }
}
