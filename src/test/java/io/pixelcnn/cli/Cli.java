package io.pixelcnn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process (Spark master local[2] comes from the test JVM's system properties). */
final class Cli {

    record Result(int exitCode, String out, String err) {
        /** The lines a user reads on stderr, without log output. */
        String errorLines() {
            return err.strip();
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
