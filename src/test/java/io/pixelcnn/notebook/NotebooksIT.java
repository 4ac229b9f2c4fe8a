package io.pixelcnn.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.cli.ExitCodes;
import io.pixelcnn.cli.Main;
import io.pixelcnn.testing.Script;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in notebooks/ runs in the real Jupyter ({@code /usr/bin/jupyter nbconvert --execute})
 * against the project's own kernel (target/pixelcnn-kernel.jar, installed by notebooks/install-kernel.sh)
 * and a freshly trained run; any error output fails. With {@code -Dnotebooks.save=true} the executed
 * notebooks, outputs and images included, replace the ones in notebooks/ (that is how the saved outputs
 * are made, with {@code -Dpixelcnn.run=$PWD/runs/quickstart}).
 */
class NotebooksIT {

    private static final Path NOTEBOOKS = Path.of("notebooks");
    private static final Path JOB_JAR = Path.of("target/pixelcnn-spark.jar").toAbsolutePath();
    private static final Path CLUSTER_JAR = Path.of("target/pixelcnn-spark-cluster.jar");
    private static final Path KERNEL_JAR = Path.of("target/pixelcnn-kernel.jar");
    private static final Path SPARK_DEFAULTS = Path.of("conf/spark-defaults.conf");
    /** What a notebook may read from system properties; the test's Spark settings (local[2] on loopback). */
    private static final List<String> PASSED_PROPERTIES = List.of("spark.master", "spark.driver.host",
            "spark.driver.bindAddress", "spark.ui.enabled");

    @TempDir
    static Path home;
    private static Jupyter jupyter;

    @TempDir
    Path out;

    @BeforeAll
    static void installKernel() throws Exception {
        jupyter = Jupyter.install(home);
    }

    /**
     * A run for the notebooks that read one: two epochs (a curve, samples after the first and the last) of a
     * small model. The notebooks show whatever run they are given, so its size only costs time: the training
     * here and the notebook's scoring of 2,000 images with its model.
     */
    private static Path smallRun() {
        Path run = home.resolve("run");
        int exit = Main.run("train", "--run-dir", run.toString(), "--train-limit", "600", "--test-limit", "200",
                "--train-eval-limit", "200", "--epochs", "2", "--hidden", "8", "--blocks", "1", "--workers", "2",
                "--averaging-frequency", "5", "--learning-rate", "0.002", "--report-samples", "4");
        assertEquals(ExitCodes.OK, exit, "training the notebooks' run");
        return run;
    }

    /** The test's Spark settings, for the kernel's JVM. */
    private static Map<String, String> sparkProperties() {
        Map<String, String> properties = new HashMap<>();
        for (String key : PASSED_PROPERTIES) {
            if (System.getProperty(key) != null) {
                properties.put(key, System.getProperty(key));
            }
        }
        return properties;
    }

    @Test
    void everyNotebookRunsInJupyterWithTheProjectsKernelWithoutErrorsAndShowsImages() throws Exception {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 2, "notebooks: " + notebooks);
        Map<String, String> properties = sparkProperties();
        properties.put("pixelcnn.run", System.getProperty("pixelcnn.run", smallRun().toString()));
        for (Path notebook : notebooks) {
            JsonNode saved = new ObjectMapper().readTree(notebook.toFile());
            assertEquals("java", saved.at("/metadata/kernelspec/name").asText(), notebook + ": the java kernelspec");

            long start = System.nanoTime();
            Script.Result run = jupyter.execute(notebook, out, properties);
            assertEquals(0, run.exitCode(), notebook + ": nbconvert failed:\n" + run.output());
            System.out.printf("%s: %.1f s%n", notebook, (System.nanoTime() - start) / 1e9);

            Path executed = out.resolve(notebook.getFileName());
            JsonNode result = new ObjectMapper().readTree(executed.toFile());
            for (JsonNode cell : result.get("cells")) {
                for (JsonNode output : cell.path("outputs")) {
                    assertNotEquals("error", output.get("output_type").asText(), notebook + ": " + output);
                }
                if ("code".equals(cell.get("cell_type").asText())) {
                    assertFalse(cell.get("execution_count").isNull(), notebook + ": every code cell ran: " + cell);
                }
            }
            List<JsonNode> images = result.findParents("image/png");
            assertFalse(images.isEmpty(), notebook + " shows at least one image");
            for (JsonNode image : images) {
                assertTrue(text(image.get("text/plain")).matches("\\d+x\\d+ image"), "an image's text is its size: " + image);
            }
            if (Boolean.getBoolean("notebooks.save")) {
                Files.copy(executed, notebook, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void aCellThatThrowsOrDoesNotCompileFailsNbconvertWithTheCellsError() throws Exception {
        Path throwing = out.resolve("throwing.ipynb");
        Jupyter.writeNotebook(throwing, "%jars " + JOB_JAR + "\nint before = 1;",
                "if (before == 1) throw new IllegalStateException(\"planted failure in cell 2\");",
                "System.out.println(\"after the failure\");");
        Script.Result thrown = jupyter.execute(throwing, out.resolve("executed"), sparkProperties());
        assertNotEquals(0, thrown.exitCode(), thrown.output());
        assertTrue(thrown.output().contains("java.lang.IllegalStateException: planted failure in cell 2"), thrown.output());
        assertFalse(thrown.output().contains("after the failure"), "nothing after the failing cell runs");

        Path broken = out.resolve("broken.ipynb");
        Jupyter.writeNotebook(broken, "int sum = undefinedCount + 1;");
        Script.Result rejected = jupyter.execute(broken, out.resolve("executed"), sparkProperties());
        assertNotEquals(0, rejected.exitCode(), rejected.output());
        assertTrue(rejected.output().contains("cannot find symbol"), rejected.output());
        assertTrue(rejected.output().contains("undefinedCount"), rejected.output());
    }

    @Test
    void theKernelsJvmHasSparkDefaultsFlagsAndTheCellsSeeTheJobsClassesNotTheKernels() throws Exception {
        Path probe = out.resolve("probe.ipynb");
        Jupyter.writeNotebook(probe, "%jars " + JOB_JAR,
                "String.join(\" \", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())",
                "com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().getPath()",
                "class Probe {}\nThread.currentThread().getContextClassLoader() == Probe.class.getClassLoader()",
                "String seen;\ntry { Class.forName(\"org.dflib.jjava.jupyter.kernel.BaseKernel\"); seen = \"visible\"; }\n"
                        + "catch (ClassNotFoundException e) { seen = \"hidden\"; }\nseen",
                "Class.forName(\"org.dflib.jjava.jupyter.kernel.BaseKernel\", false, ClassLoader.getSystemClassLoader()) != null");
        Script.Result run = jupyter.execute(probe, out.resolve("executed"), sparkProperties());
        assertEquals(0, run.exitCode(), run.output());
        List<String> values = values(out.resolve("executed/probe.ipynb"));

        String flags = sparkDefault("spark.driver.extraJavaOptions");
        List<String> jvmFlags = Stream.of(values.get(1).split(" ")).filter(flag -> !flag.startsWith("-D")).toList();
        assertEquals(List.of(flags.split(" ")), jvmFlags, "the kernel's JVM has spark-defaults' flags, no others");
        JsonNode kernelJson = new ObjectMapper().readTree(jupyter.kernelSpec().toFile());
        assertEquals(flags, kernelJson.at("/env/JDK_JAVA_OPTIONS").asText());
        assertEquals(JOB_JAR.toString(), values.get(2), "gson comes from the job's jar (a String shows unquoted)");
        assertEquals("true", values.get(3), "a cell runs with its own class loader as the context class loader");
        assertEquals("hidden", values.get(4), "the kernel's own classes are out of the cells' sight");
        assertEquals("true", values.get(5), "though they are on the kernel JVM's class path");
    }

    @Test
    void theKernelJarHoldsJJavaAndTheJobJarsNoneOfTheKernel() throws Exception {
        Set<String> kernel = entries(KERNEL_JAR);
        assertTrue(kernel.contains("io/pixelcnn/kernel/KernelMain.class"), "the kernel");
        assertTrue(kernel.contains("org/dflib/jjava/jupyter/kernel/BaseKernel.class"), "JJava's protocol library");
        assertTrue(kernel.contains("org/zeromq/ZMQ.class") && kernel.contains("com/google/gson/Gson.class"), "its dependencies");
        assertFalse(kernel.stream().anyMatch(e -> e.startsWith("io/pixelcnn/cli/") || e.startsWith("org/apache/spark/")),
                "nothing of the job");
        for (Path jobJar : List.of(JOB_JAR, CLUSTER_JAR)) {
            Set<String> job = entries(jobJar);
            assertTrue(job.contains("io/pixelcnn/cli/Main.class"), jobJar + " is the job");
            List<String> kernelParts = job.stream().filter(e -> e.startsWith("io/pixelcnn/kernel/") || e.startsWith("org/dflib/")
                    || e.startsWith("org/zeromq/") || e.startsWith("org/slf4j/simple/")
                    || e.startsWith("META-INF/maven/org.dflib")).toList();
            assertEquals(List.of(), kernelParts, jobJar + " holds nothing of the kernel");
        }
        assertNotEquals(pomVersion(KERNEL_JAR, "com.google.code.gson/gson"), pomVersion(JOB_JAR, "com.google.code.gson/gson"),
                "the job keeps its own gson");
    }

    @Test
    void theKernelExitsWhenItsClientIsGoneAndNamesABadConnectionFile() throws Exception {
        Process client = new ProcessBuilder("sleep", "120").start();
        Path connection = out.resolve("connection.json");
        Files.writeString(connection, connectionFile());
        Script kernel = Script.start(out.resolve("kernel.log"), Map.of("JPY_PARENT_PID", Long.toString(client.pid())),
                List.of(javaCommand(), "-jar", KERNEL_JAR.toString(), connection.toString()));
        try {
            Thread.sleep(3000);
            assertTrue(kernel.process().isAlive(), "the kernel runs while its client does:\n" + kernel.output());
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Script.Result ended = kernel.await(20);
            assertEquals(3, ended.exitCode(), ended.output());
            assertTrue(ended.output().contains("the Jupyter client (pid " + client.pid() + ") is gone"), ended.output());
        } finally {
            client.destroyForcibly();
            kernel.process().destroyForcibly();
        }

        Path missing = out.resolve("no-such-connection.json");
        Script.Result bad = Script.start(out.resolve("bad.log"), Map.of(),
                List.of(javaCommand(), "-jar", KERNEL_JAR.toString(), missing.toString())).await(30);
        assertEquals(2, bad.exitCode(), bad.output());
        assertEquals(missing + ": no such connection file", bad.output().strip());
    }

    /** A Jupyter text field, given as one string or as lines. */
    private static String text(JsonNode field) {
        StringBuilder text = new StringBuilder();
        if (field.isArray()) {
            field.forEach(line -> text.append(line.asText()));
        } else {
            text.append(field.asText());
        }
        return text.toString();
    }

    /** The text/plain value of each code cell's execute_result ("" for a cell without one). */
    private static List<String> values(Path executed) throws Exception {
        List<String> values = new ArrayList<>();
        for (JsonNode cell : new ObjectMapper().readTree(executed.toFile()).get("cells")) {
            StringBuilder value = new StringBuilder();
            for (JsonNode output : cell.get("outputs")) {
                if ("execute_result".equals(output.get("output_type").asText())) {
                    value.append(text(output.at("/data/text~1plain")));
                }
            }
            values.add(value.toString());
        }
        return values;
    }

    private static String sparkDefault(String key) throws Exception {
        return Files.readAllLines(SPARK_DEFAULTS).stream().filter(line -> line.startsWith(key + " "))
                .map(line -> line.substring(key.length()).strip()).findFirst().orElseThrow();
    }

    private static Set<String> entries(Path jar) throws Exception {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            zip.stream().forEach(entry -> names.add(entry.getName()));
            return names;
        }
    }

    private static String pomVersion(Path jar, String artifact) throws Exception {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry("META-INF/maven/" + artifact + "/pom.properties");
            String text = new String(zip.getInputStream(entry).readAllBytes());
            return text.lines().filter(line -> line.startsWith("version=")).findFirst().orElseThrow();
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A connection file on free loopback ports, as jupyter_client writes one. */
    private static String connectionFile() throws Exception {
        int[] ports = new int[5];
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports[i] = socket.getLocalPort();
            }
        }
        return String.format("{\"shell_port\": %d, \"iopub_port\": %d, \"stdin_port\": %d, \"control_port\": %d, "
                + "\"hb_port\": %d, \"ip\": \"127.0.0.1\", \"key\": \"a0b1c2\", \"transport\": \"tcp\", "
                + "\"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"java\"}", ports[0], ports[1], ports[2],
                ports[3], ports[4]);
    }
}
