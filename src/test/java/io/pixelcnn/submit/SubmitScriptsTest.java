package io.pixelcnn.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What submit/yarn.sh and submit/k8s.sh refuse, and the spark-submit command each builds. The command is
 * read from a SPARK_HOME whose bin/spark-submit writes its arguments down and ends as the test tells it:
 * no Kubernetes API server can be reached from these machines, so for Kubernetes the command is what can
 * be proven here (YarnClusterIT runs yarn.sh against Spark's real spark-submit and a real YARN).
 */
class SubmitScriptsTest {

    /** Writes its arguments, one a line, and ends as FAKE_EXIT (after printing FAKE_STDERR) says. */
    private static final String RECORDING_SPARK_SUBMIT = """
            #!/usr/bin/env bash
            printf '%s\\n' "$@" > "$RECORDED"
            if [[ -n "${FAKE_STDERR:-}" ]]; then printf '%s\\n' "$FAKE_STDERR" >&2; fi
            exit "${FAKE_EXIT:-0}"
            """;

    @TempDir
    Path dir;
    private Map<String, String> env;

    @BeforeEach
    void sparkHomeThatRecordsItsCommand() throws Exception {
        Path submit = Files.createDirectories(dir.resolve("spark/bin")).resolve("spark-submit");
        Files.writeString(submit, RECORDING_SPARK_SUBMIT);
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = new HashMap<>();
        env.put("SPARK_HOME", dir.resolve("spark").toString());
        env.put("RECORDED", dir.resolve("command.txt").toString());
        env.put("PIXELCNN_CLUSTER_JAR", Files.writeString(dir.resolve("cluster.jar"), "a jar").toString());
        env.put("HADOOP_CONF_DIR", Files.createDirectories(dir.resolve("hadoop-conf")).toString());
        env.put("JAVA_HOME", "/opt/java-17");
        env.put("K8S_API", "https://kube-api.invalid:6443");
        env.put("PIXELCNN_IMAGE", "registry.invalid/spark-pixelcnn:3.5.7");
    }

    @Test
    void yarnInClusterModeShipsTheLogConfigurationAndJavaHomeToTheContainers() throws Exception {
        Script.Result result = run("yarn.sh", "train", "--run-dir", "hdfs:///runs/x");
        assertEquals(0, result.exitCode(), result.output());
        List<String> command = recorded();
        assertFollows(command, "--master", "yarn");
        assertFollows(command, "--deploy-mode", "cluster");
        assertFollows(command, "--num-executors", "4");
        assertFollows(command, "--files", Path.of("conf/log4j2.properties").toAbsolutePath().toString());
        assertTrue(conf(command, "spark.driver.extraJavaOptions").endsWith(" -Dlog4j2.configurationFile=log4j2.properties"),
                "the driver reads the copy in its container's folder: " + command);
        assertTrue(conf(command, "spark.driver.extraJavaOptions").contains("--add-opens=java.base/java.nio=ALL-UNNAMED"));
        assertTrue(conf(command, "spark.executor.extraJavaOptions").endsWith(" -Dlog4j2.configurationFile=log4j2.properties"));
        assertEquals("/opt/java-17", conf(command, "spark.yarn.appMasterEnv.JAVA_HOME"));
        assertEquals("/opt/java-17", conf(command, "spark.executorEnv.JAVA_HOME"));
        assertEquals(List.of("io.pixelcnn.cli.Main", env.get("PIXELCNN_CLUSTER_JAR"), "train", "--run-dir", "hdfs:///runs/x"),
                command.subList(command.indexOf("--class") + 1, command.size()));
    }

    @Test
    void yarnInClientModeGivesTheDriverHereTheLogConfigurationWhereItIs() throws Exception {
        env.put("PIXELCNN_DEPLOY_MODE", "client");
        env.put("PIXELCNN_CONTAINER_JAVA_HOME", "none");
        Script.Result result = run("yarn.sh", "--spark", "--conf", "spark.executor.memory=1g", "--", "evaluate", "--model", "m");
        assertEquals(0, result.exitCode(), result.output());
        List<String> command = recorded();
        assertFollows(command, "--deploy-mode", "client");
        assertTrue(conf(command, "spark.driver.extraJavaOptions").endsWith(" -Dlog4j2.configurationFile="
                + Path.of("conf/log4j2.properties").toAbsolutePath()), command.toString());
        assertEquals("1g", conf(command, "spark.executor.memory"));
        assertFalse(command.stream().anyMatch(arg -> arg.contains("JAVA_HOME")), "none: the nodes' own Java");
    }

    @Test
    void yarnInClusterModeExitsWithTheJobsExitCodeFromYarnsReport() throws Exception {
        env.put("FAKE_EXIT", "1");
        env.put("FAKE_STDERR", "\t diagnostics: User application exited with status 3");
        assertEquals(3, run("yarn.sh", "train").exitCode());
        env.put("FAKE_STDERR", "Exception in thread \"main\" java.io.IOException: no ResourceManager");
        assertEquals(1, run("yarn.sh", "train").exitCode(), "a failure of spark-submit itself keeps its code");
    }

    @Test
    void yarnRefusesWhatCannotWorkWithOneLineAndExitCodeTwo() throws Exception {
        assertRefused("yarn.sh", Map.of("HADOOP_CONF_DIR", ""), "error: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's Hadoop configuration");
        assertRefused("yarn.sh", Map.of("PIXELCNN_DEPLOY_MODE", "local"), "error: PIXELCNN_DEPLOY_MODE must be cluster or client, got 'local'");
        assertRefused("yarn.sh", Map.of("PIXELCNN_EXECUTORS", "four"), "error: PIXELCNN_EXECUTORS must be a positive whole number, got 'four'");
        assertRefused("yarn.sh", Map.of("PIXELCNN_CLUSTER_JAR", dir.resolve("none.jar").toString()), "error: " + dir.resolve("none.jar")
                + " not found; build it with: (cd " + Path.of("").toAbsolutePath() + " && mvn -q -DskipTests package)");
    }

    @Test
    void kubernetesBuildsAClusterModeSubmissionOfTheJarInTheImage() throws Exception {
        env.put("PIXELCNN_EXECUTORS", "8");
        env.put("PIXELCNN_NAMESPACE", "ml");
        Script.Result result = run("k8s.sh", "train", "--run-dir", "s3a://bucket/runs/x");
        assertEquals(0, result.exitCode(), result.output());
        List<String> command = recorded();
        assertFollows(command, "--master", "k8s://https://kube-api.invalid:6443");
        assertFollows(command, "--deploy-mode", "cluster");
        assertEquals("registry.invalid/spark-pixelcnn:3.5.7", conf(command, "spark.kubernetes.container.image"));
        assertEquals("ml", conf(command, "spark.kubernetes.namespace"));
        assertEquals("spark", conf(command, "spark.kubernetes.authenticate.driver.serviceAccountName"));
        assertEquals("8", conf(command, "spark.executor.instances"));
        assertEquals(List.of("io.pixelcnn.cli.Main", "local:///opt/pixelcnn/pixelcnn-spark-cluster.jar", "train", "--run-dir",
                "s3a://bucket/runs/x"), command.subList(command.indexOf("--class") + 1, command.size()));
    }

    @Test
    void kubernetesRefusesWhatCannotWorkWithOneLineAndExitCodeTwo() throws Exception {
        assertRefused("k8s.sh", Map.of("K8S_API", ""), "error: set K8S_API to the Kubernetes API server, e.g. https://kube-api:6443");
        assertRefused("k8s.sh", Map.of("K8S_API", "kube-api:6443"), "error: K8S_API must be the API server's URL (https://host:port), got 'kube-api:6443'");
        assertRefused("k8s.sh", Map.of("PIXELCNN_IMAGE", ""), "error: set PIXELCNN_IMAGE to a Spark 3.5 image (Java 17) holding the cluster jar");
        assertRefused("k8s.sh", Map.of("PIXELCNN_EXECUTORS", "0"), "error: PIXELCNN_EXECUTORS must be a positive whole number, got '0'");
    }

    private void assertRefused(String script, Map<String, String> change, String line) throws Exception {
        Map<String, String> saved = new HashMap<>(env);
        env.putAll(change);
        try {
            Files.deleteIfExists(dir.resolve("command.txt"));
            Script.Result result = run(script, "train");
            assertEquals(2, result.exitCode(), result.output());
            assertEquals(line, result.output().strip());
            assertFalse(Files.exists(dir.resolve("command.txt")), "spark-submit was not run");
        } finally {
            env.clear();
            env.putAll(saved);
        }
    }

    private Script.Result run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "submit/" + script));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, script, ".log");
        return Script.start(log, env, command).await(600); // only stops a hang
    }

    private List<String> recorded() throws Exception {
        return Files.readAllLines(dir.resolve("command.txt"));
    }

    /** The value of the last {@code --conf key=value} for {@code key} (spark-submit lets the last win). */
    private static String conf(List<String> command, String key) {
        String value = null;
        for (int i = 0; i + 1 < command.size(); i++) {
            if (command.get(i).equals("--conf") && command.get(i + 1).startsWith(key + "=")) {
                value = command.get(i + 1).substring(key.length() + 1);
            }
        }
        assertTrue(value != null, key + " in " + command);
        return value;
    }

    private static void assertFollows(List<String> command, String option, String value) {
        int at = command.indexOf(option);
        assertTrue(at >= 0 && at + 1 < command.size() && command.get(at + 1).equals(value),
                option + " " + value + " in " + command);
    }
}
