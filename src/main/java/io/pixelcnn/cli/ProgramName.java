package io.pixelcnn.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * The program as the user typed it, for the usage line and the hints that say what to type next
 * ({@code Try 'submit/local.sh train --help'}): the submit scripts name themselves in the environment
 * ({@code PIXELCNN_PROGRAM=$0}, which reaches a driver started by spark-submit on this machine too);
 * {@code java -jar target/pixelcnn-spark.jar} is recognised from the JVM's command; anything else (an IDE,
 * a test, a class path, a driver in a YARN container) is {@code pixelcnn}.
 */
final class ProgramName {

    static final String VARIABLE = "PIXELCNN_PROGRAM";
    static final String DEFAULT = "pixelcnn";

    private ProgramName() {
    }

    static String current() {
        String given = System.getenv(VARIABLE);
        if (given != null && !given.isBlank()) {
            return given;
        }
        return ourJar().flatMap(jar -> javaJar(System.getProperty("sun.java.command", ""), jar)).orElse(DEFAULT);
    }

    /**
     * {@code java -jar JAR} when the JVM's command ({@code sun.java.command}: the jar as typed, then the
     * arguments) starts with the jar this class was loaded from.
     */
    static Optional<String> javaJar(String javaCommand, Path ourJar) {
        for (int end = javaCommand.indexOf(".jar"); end >= 0; end = javaCommand.indexOf(".jar", end + 1)) {
            int after = end + ".jar".length();
            if (after == javaCommand.length() || javaCommand.charAt(after) == ' ') {
                String typed = javaCommand.substring(0, after);
                if (Path.of(typed).toAbsolutePath().normalize().equals(ourJar)) {
                    return Optional.of("java -jar " + typed);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> ourJar() {
        CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        try {
            return source == null ? Optional.empty()
                    : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
