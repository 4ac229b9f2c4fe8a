package io.pixelcnn.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.cluster.Interrupts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One measurement as a process of its own: {@code OMP_NUM_THREADS} set, its console kept in a log file,
 * its result read back as a JSON object from the last console line that starts with a marker.
 */
final class MeasuredProcess {

    private static final long POLL_SECONDS = 1;
    /** How long a measurement may take to end after SIGTERM before it is killed. */
    private static final long STOP_SECONDS = 10;

    private MeasuredProcess() {
    }

    /**
     * @param marker text before the JSON on the result line ("" when the JSON is the line itself)
     * @param what   the measurement, for the error when it fails
     */
    static Map<String, Object> run(List<String> command, int nativeThreads, Path log, String marker, String what)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(nativeThreads));
        int exit = finished(builder.start());
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; exit == 0 && i >= 0; i--) {
            String line = lines.get(i);
            if (line.startsWith(marker + "{")) {
                return new ObjectMapper().readValue(line.substring(marker.length()), new TypeReference<>() { });
            }
        }
        throw new IOException(what + " failed (exit " + exit + "), see " + log);
    }

    /** A process whose result is what it writes, not a line: throws if it fails, naming its log. */
    static void runToEnd(List<String> command, int nativeThreads, Path log, String what)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(nativeThreads));
        int exit = finished(builder.start());
        if (exit != 0) {
            throw new IOException(what + " failed (exit " + exit + "), see " + log);
        }
    }

    /**
     * The measurement's exit code once it ended. A signal to this process ends it too: Ctrl-C reaches a
     * terminal's whole process group, but {@code kill -INT} (or SIGTERM from a scheduler) this process alone.
     */
    private static int finished(Process process) throws InterruptedException {
        while (!process.waitFor(POLL_SECONDS, TimeUnit.SECONDS)) {
            if (Interrupts.received().isPresent()) {
                process.destroy();
                if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                Interrupts.stopIfReceived();
            }
        }
        return process.exitValue();
    }
}
