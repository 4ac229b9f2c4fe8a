package io.pixelcnn.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * Starts a {@link Probe} in a new JVM on this JVM's class path and reads back its result. Each probe gets
 * an executor's heap and its own native thread count (an executor's is 1 per core, conf/spark-defaults.conf).
 */
final class ChildJvm {

    /** An executor's heap (spark.executor.memory); ND4J's arrays live off it. */
    private static final String HEAP = "-Xmx2g";

    private final Path logDir;

    ChildJvm(Path logDir) {
        this.logDir = logDir;
    }

    /** Runs {@code task} with {@code ompThreads} native threads; its console output goes to LOG_DIR/TASK-TAG.log ({@link BenchSettings#fileTag}). */
    Map<String, Object> run(String task, BenchSettings settings, int ompThreads) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add(HEAP);
        command.addAll(addOpens());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        command.add(task);
        command.addAll(settings.toArgs());
        return MeasuredProcess.run(command, ompThreads, logDir.resolve(task + "-" + settings.fileTag() + ".log"), Probe.RESULT,
                "benchmark probe '" + task + "'");
    }

    /**
     * Spark needs JDK internals opened on Java 17. They are this JVM's own flags when it was started with
     * them, or the fat jar's Add-Opens manifest entry when it was started with {@code java -jar}.
     */
    static List<String> addOpens() throws IOException {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")) {
                flags.add(arg);
            }
        }
        if (!flags.isEmpty()) {
            return flags;
        }
        try (JarFile jar = new JarFile(Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            String opens = jar.getManifest().getMainAttributes().getValue("Add-Opens");
            if (opens != null) {
                Arrays.stream(opens.trim().split("\\s+")).forEach(p -> flags.add("--add-opens=" + p + "=ALL-UNNAMED"));
            }
        } catch (URISyntaxException | IOException | NullPointerException e) {
            // not started from a jar: the probe runs without them and reports Spark's error if it needs them
        }
        return flags;
    }
}
