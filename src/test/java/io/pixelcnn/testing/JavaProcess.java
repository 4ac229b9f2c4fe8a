package io.pixelcnn.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A class of the test class path run in a JVM of its own, with exactly the JVM flags a test gives it (none
 * inherited from the test JVM), its console output kept in a file.
 */
public final class JavaProcess {

    /** What the process printed (stdout and stderr together) and how it ended. */
    public record Result(int exitCode, String output) {
    }

    private JavaProcess() {
    }

    /** The test JVM's own {@code --add-opens} flags (surefire's argLine), for children that run Spark. */
    public static List<String> testJvmAddOpens() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-opens")).toList();
    }

    /** A JVM that runs a job's driver on local[2] on loopback, without the UI: the test JVM's own settings. */
    public static List<String> localSparkDriver() {
        List<String> flags = new ArrayList<>(testJvmAddOpens());
        flags.addAll(List.of("-Xmx1g", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1"));
        return flags;
    }

    /** Waits for {@code file} to appear while {@code writer} runs; fails with the process's output if it never does. */
    public static void awaitFile(Path file, Process writer, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(file)) {
            if (!writer.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(file + " never appeared:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** The test class path: surefire's own entries when it runs tests from a manifest-only jar. */
    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path", "");
        return surefire.isBlank() ? System.getProperty("java.class.path") : surefire;
    }

    public static Result run(List<String> jvmFlags, Class<?> mainClass, List<String> args, Path log, int timeoutSeconds)
            throws IOException, InterruptedException {
        return run(jvmFlags, Map.of(), mainClass, args, log, timeoutSeconds);
    }

    /** With {@code env} added to the child's environment (which may name JDK_JAVA_OPTIONS itself). */
    public static Result run(List<String> jvmFlags, Map<String, String> env, Class<?> mainClass, List<String> args,
                             Path log, int timeoutSeconds) throws IOException, InterruptedException {
        return waitFor(start(List.of(), null, jvmFlags, env, mainClass, args, log), log, timeoutSeconds);
    }

    /** As {@link #run(List, Map, Class, List, Path, int)}, in {@code workingDirectory}. */
    public static Result runIn(Path workingDirectory, List<String> jvmFlags, Map<String, String> env, Class<?> mainClass,
                               List<String> args, Path log, int timeoutSeconds) throws IOException, InterruptedException {
        return waitFor(start(List.of(), workingDirectory, jvmFlags, env, mainClass, args, log), log, timeoutSeconds);
    }

    private static Result waitFor(Process process, Path log, int timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("still running after " + timeoutSeconds + " s: " + process.info().commandLine().orElse("")
                    + "\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Starts the class in its own JVM and returns at once (its output goes to {@code log}). */
    public static Process start(List<String> jvmFlags, Map<String, String> env, Class<?> mainClass, List<String> args,
                                Path log) throws IOException {
        return start(List.of(), null, jvmFlags, env, mainClass, args, log);
    }

    /**
     * As {@link #start(List, Map, Class, List, Path)}, where SIGINT and SIGTERM do what they do to a program
     * started from a terminal: a test that runs in the background (a CI script's {@code mvn ... &}) passes its
     * ignored SIGINT on to every child, and a JVM that starts with SIGINT ignored never hears it.
     */
    public static Process startSignalable(List<String> jvmFlags, Map<String, String> env, Class<?> mainClass,
                                          List<String> args, Path log) throws IOException {
        return start(List.of("env", "--default-signal=INT,TERM"), null, jvmFlags, env, mainClass, args, log);
    }

    private static Process start(List<String> launcher, Path workingDirectory, List<String> jvmFlags,
                                 Map<String, String> env, Class<?> mainClass, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        // the launcher would add these to the flags given: a child gets exactly what the test names
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(env);
        return builder.start();
    }
}
