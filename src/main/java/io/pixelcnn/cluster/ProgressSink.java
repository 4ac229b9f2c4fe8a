package io.pixelcnn.cluster;

import java.io.PrintStream;
import org.slf4j.Logger;

/** Where a job's progress lines go: one line rewritten in place on a terminal, or the log. */
public interface ProgressSink {

    void line(String text);

    /** The job ended. */
    default void done() {
    }

    /** How often a sink of {@link #forConsoleOr(Logger)} wants a line: every second on a terminal, else every 30 s. */
    static long intervalMillis() {
        return System.console() != null ? 1_000 : 30_000;
    }

    /** The terminal when there is one (stderr), else {@code log} at INFO. */
    static ProgressSink forConsoleOr(Logger log) {
        return System.console() != null ? console(System.err) : log::info;
    }

    /** One line on a terminal, rewritten in place and cleared at the end. */
    static ProgressSink console(PrintStream terminal) {
        return new ProgressSink() {
            private int width;

            @Override
            public void line(String text) {
                terminal.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
                terminal.flush();
                width = text.length();
            }

            @Override
            public void done() {
                terminal.print("\r" + " ".repeat(width) + "\r");
                terminal.flush();
            }
        };
    }
}
