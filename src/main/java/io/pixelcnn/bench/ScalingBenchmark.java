package io.pixelcnn.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Statistical efficiency of scaling out: for each N, the same number of training images through one model,
 * N replicas with plain averaging, N replicas as train runs them by default, and one model with batch N x B (the
 * synchronous data-parallel baseline), each the real {@code train} command in a JVM of its own on
 * local[replicas]. Wall time does not matter here (8 replicas on 2 cores is fine); test bits/dim per image
 * does. Writes scaling.csv (every point), scaling.md (the table) and scaling.svg (the curves) to the log folder.
 */
public final class ScalingBenchmark {

    private static final String MAIN = "io.pixelcnn.cli.Main";

    private final ScalingSettings settings;
    private final Path logDir;

    ScalingBenchmark(ScalingSettings settings) {
        this.settings = settings;
        this.logDir = Path.of(settings.logDir());
    }

    /** Builds the settings from bench's options; {@code outerLearningRate} and {@code outerMomentum} may be null. */
    public static ScalingBenchmark of(List<Integer> replicas, List<Long> seeds, long images, int passes, int batch,
                                      double learningRate, int averagingFrequency, String learningRateScaling,
                                      Double outerLearningRate, String outerMomentum, int evalImages, String dataDir,
                                      Path logDir) {
        return new ScalingBenchmark(new ScalingSettings(replicas, seeds, images, passes, batch, learningRate,
                averagingFrequency, learningRateScaling, outerLearningRate, outerMomentum, evalImages, dataDir,
                logDir.toString()));
    }

    public void run(PrintWriter out) throws IOException, InterruptedException {
        List<ScalingResult> results = new ArrayList<>();
        for (long seed : settings.seeds()) {
            results.add(measure(ScalingMethod.SINGLE, 1, seed, out));
        }
        for (int n : settings.replicas()) {
            if (n == 1) {
                continue;
            }
            for (ScalingMethod method : List.of(ScalingMethod.PLAIN, ScalingMethod.DEFAULTS, ScalingMethod.SYNC)) {
                for (long seed : settings.seeds()) {
                    results.add(measure(method, n, seed, out));
                }
            }
        }
        ScalingTable table = new ScalingTable(results);
        Files.writeString(logDir.resolve("scaling.csv"), table.csv(), StandardCharsets.UTF_8);
        Files.writeString(logDir.resolve("scaling.md"), table.markdown(settings), StandardCharsets.UTF_8);
        Files.writeString(logDir.resolve("scaling.svg"), table.svg(), StandardCharsets.UTF_8);
        out.println(table.markdown(settings));
        out.println("written: " + logDir.resolve("scaling.csv") + ", scaling.md, scaling.svg");
    }

    private ScalingResult measure(ScalingMethod method, int n, long seed, PrintWriter out)
            throws IOException, InterruptedException {
        String name = method.name().toLowerCase(Locale.ROOT) + "-n" + n + "-seed" + seed;
        Path runDir = logDir.resolve("runs").resolve(name);
        int replicas = method.replicas(n);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + (2 + replicas / 4) + "g");
        command.addAll(ChildJvm.addOpens());
        command.add("-Dspark.master=local[" + replicas + "]");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.addAll(trainCommand(runDir, seed));
        command.addAll(method.trainOptions(n, settings));
        int nativeThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / replicas);
        long start = System.nanoTime();
        MeasuredProcess.runToEnd(command, nativeThreads, logDir.resolve(name + ".log"), "scaling run " + name);
        double seconds = (System.nanoTime() - start) / 1e9;
        ScalingResult result = ScalingResult.read(method, n, seed, runDir.resolve("metrics.csv"),
                settings.imagesPerPass(), seconds);
        out.println(result.json());
        out.flush();
        return result;
    }

    private List<String> trainCommand(Path runDir, long seed) {
        return new ArrayList<>(List.of("train", "--run-dir", runDir.toString(),
                "--train-data", settings.dataDir() + "/train-images-idx3-ubyte.gz",
                "--test-data", settings.dataDir() + "/t10k-images-idx3-ubyte.gz",
                "--train-limit", Long.toString(settings.imagesPerPass()), "--epochs", Integer.toString(settings.passes()),
                "--test-limit", Integer.toString(settings.evalImages()), "--train-eval-limit", "1000",
                "--averaging-frequency", Integer.toString(settings.averagingFrequency()),
                "--seed", Long.toString(seed), "--report-samples", "0"));
    }
}
