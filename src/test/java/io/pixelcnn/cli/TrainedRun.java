package io.pixelcnn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One short training run through the command line on real Spark (local[2], two parameter-averaging
 * workers) and real Fashion-MNIST, made once per test JVM for every test that needs a trained model.
 */
public final class TrainedRun {

    static final int TRAIN_IMAGES = 3000;
    static final int EPOCHS = 2;
    static final int REPORT_SAMPLES = 9;
    static final int HIDDEN = 16;

    private static Path run;
    private static Cli.Result training;

    private TrainedRun() {
    }

    /** The run directory. */
    public static synchronized Path dir() {
        if (run == null) {
            train();
        }
        return run;
    }

    /** What {@code train} returned and printed. */
    static synchronized Cli.Result training() {
        dir();
        return training;
    }

    private static void train() {
        try {
            Path parent = Files.createTempDirectory("pixelcnn-trained-run");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(parent)));
            run = parent.resolve("run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        training = Cli.run("train", "--run-dir", run.toString(),
                "--train-limit", Integer.toString(TRAIN_IMAGES), "--test-limit", "500", "--train-eval-limit", "500",
                "--epochs", Integer.toString(EPOCHS), "--hidden", Integer.toString(HIDDEN), "--blocks", "2",
                "--workers", "2", "--averaging-frequency", "5", "--learning-rate", "0.002",
                "--report-samples", Integer.toString(REPORT_SAMPLES));
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
