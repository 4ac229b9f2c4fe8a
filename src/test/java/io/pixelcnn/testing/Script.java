package io.pixelcnn.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A script (a submit script, spark-submit) run as a separate process, its output going to a log file. */
public record Script(Process process, Path log) {

    /** How it ended and what it printed. */
    public record Result(int exitCode, String output) {
    }

    public static Script start(Path log, Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new Script(builder.start(), log);
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "";
        }
    }

    /** Waits until the output holds {@code text}; fails if the script ends first or the time is up. */
    public void awaitOutput(String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("never printed '" + text + "':\n" + output());
            }
            Thread.sleep(200);
        }
    }

    public Result await(int seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("still running after " + seconds + " s:\n" + output());
        }
        return new Result(process.exitValue(), output());
    }
}
