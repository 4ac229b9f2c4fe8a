package io.pixelcnn.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1: a Master and Workers as separate JVMs, started from a
 * SPARK_HOME whose jars/ the build assembled from Maven (target/spark-home). Executors are launched by
 * the Workers, each in its own JVM, exactly as on a cluster.
 */
public final class StandaloneCluster implements AutoCloseable {

    /** Spark's launcher library prints the JVM command: a NUL and a newline, then NUL-separated arguments. */
    private static final String SPARK_CLASS = """
            #!/usr/bin/env bash
            # Written by the integration tests: runs the JVM command Spark's launcher library builds.
            set -euo pipefail
            tokens=()
            while IFS= read -r -d '' token; do tokens+=("$token"); done < <(java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\\0' $?)
            status=${tokens[${#tokens[@]}-1]}
            [[ "$status" == 0 ]] || exit "$status"
            command=("${tokens[@]:1:${#tokens[@]}-2}")
            command[0]="${command[0]#$'\\n'}"
            exec "${command[@]}"
            """;
    private static final String SPARK_SUBMIT = """
            #!/usr/bin/env bash
            exec "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.SparkSubmit "$@"
            """;

    private final Path sparkHome;
    private final String masterUrl;
    private final int masterUiPort;
    private final List<Process> daemons = new ArrayList<>();

    private StandaloneCluster(Path sparkHome, int masterPort, int masterUiPort) {
        this.sparkHome = sparkHome;
        this.masterUrl = "spark://127.0.0.1:" + masterPort;
        this.masterUiPort = masterUiPort;
    }

    public static StandaloneCluster start(Path sparkHome, Path workDir, int workers, int workerMemoryMb)
            throws Exception {
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException(sparkHome + "/jars is missing: run through `mvn verify`");
        }
        writeSparkScripts(sparkHome);
        StandaloneCluster cluster = new StandaloneCluster(sparkHome, freePort(), freePort());
        Files.createDirectories(workDir);
        cluster.daemon(workDir.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", cluster.masterUrl.substring(cluster.masterUrl.lastIndexOf(':') + 1),
                "--webui-port", Integer.toString(cluster.masterUiPort));
        for (int w = 1; w <= workers; w++) {
            cluster.daemon(workDir.resolve("worker-" + w + ".log"), "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", "1", "--memory", workerMemoryMb + "m",
                    "--webui-port", Integer.toString(freePort()), "--work-dir", workDir.resolve("worker-" + w).toString(),
                    cluster.masterUrl);
        }
        cluster.awaitWorkers(workers, Duration.ofMinutes(10)); // only stops a hang
        return cluster;
    }

    public String masterUrl() {
        return masterUrl;
    }

    /** What the submit scripts need to find this cluster's Spark. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_MASTER_URL", masterUrl);
        return env;
    }

    /** Executor JVMs running now (launched by the Workers for applications). */
    public static List<ProcessHandle> executors() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .toList();
    }

    /** The JVM of an application's executor (the Workers start it with {@code --app-id APP --executor-id ID}). */
    public static ProcessHandle executor(String app, String id) {
        List<ProcessHandle> matching = executors().stream().filter(p -> {
            List<String> args = List.of(p.info().arguments().orElse(new String[0]));
            return follows(args, "--app-id", app) && follows(args, "--executor-id", id);
        }).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException("executor " + id + " of " + app + ": " + matching.size() + " processes");
        }
        return matching.get(0);
    }

    private static boolean follows(List<String> args, String option, String value) {
        int at = args.indexOf(option);
        return at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(value);
    }

    @Override
    public void close() {
        executors().forEach(ProcessHandle::destroyForcibly);
        for (Process daemon : daemons) {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
        }
    }

    private void daemon(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*",
                mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment());
        daemons.add(builder.start());
    }

    private void awaitWorkers(int workers, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        while (System.nanoTime() < deadline) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(json);
                if (m.find() && Integer.parseInt(m.group(1)) >= workers) {
                    return;
                }
            } catch (IOException notYet) {
                // the master is still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the standalone cluster did not come up with " + workers + " workers");
    }

    /**
     * The two launch scripts of a Spark installation (bin/spark-class, bin/spark-submit), which the Maven
     * jars do not bring: enough for spark-submit and the daemons on any cluster manager.
     */
    static void writeSparkScripts(Path sparkHome) throws IOException {
        writeScript(sparkHome.resolve("bin/spark-class"), SPARK_CLASS);
        writeScript(sparkHome.resolve("bin/spark-submit"), SPARK_SUBMIT);
    }

    private static void writeScript(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
