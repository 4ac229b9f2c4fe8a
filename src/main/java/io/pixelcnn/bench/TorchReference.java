package io.pixelcnn.bench;

import io.pixelcnn.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch reference, run on the same architecture, batch and thread count. Its script times training
 * (and quality at a budget of time or of images); {@code bench/torch_eval_sample.py}, which imports the script's model, times
 * evaluation and naive sampling. The script is the project's own, {@code bench/torch_pixelcnn.py} in the
 * jar, unless another one with the same options and output is named.
 */
public final class TorchReference {

    /** {@code --reference} for the script inside the jar. */
    public static final String BUNDLED = "bundled";
    /** {@code --reference} for measuring the project alone. */
    public static final String NONE = "none";
    private static final String SCRIPT = "torch_pixelcnn.py";
    private static final String EVAL_SAMPLE = "torch_eval_sample.py";
    private static final int IMPORT_CHECK_SECONDS = 120;

    private final String python;
    private final Path namedScript;

    private TorchReference(String python, Path namedScript) {
        this.python = python;
        this.namedScript = namedScript;
    }

    /**
     * The reference {@code choice} names ({@link #BUNDLED}, {@link #NONE} or a script's path), run by
     * {@code python}; null for none. Checked before any measurement starts: a script that is not there, or a
     * Python without torch, would otherwise fail the run after minutes of measuring the project.
     */
    public static TorchReference choose(String choice, String python) {
        if (NONE.equals(choice)) {
            return null;
        }
        Path named = BUNDLED.equals(choice) ? null : Path.of(choice);
        if (named != null && !Files.isRegularFile(named)) {
            throw new InvalidConfigException("--reference " + choice + ": no such file (use --reference none to skip it)");
        }
        requireTorch(python);
        return new TorchReference(python, named);
    }

    /** The script that was measured, for the record. */
    public String script() {
        return namedScript == null ? "bundled bench/" + SCRIPT : namedScript.toString();
    }

    Map<String, Object> train(BenchSettings s, Path logDir) throws IOException, InterruptedException {
        return run("reference-train", script(logDir), common(s, "--steps", Integer.toString(s.steps())), s.threads(), logDir);
    }

    Map<String, Object> trainForBudget(BenchSettings s, Path logDir) throws IOException, InterruptedException {
        return run("reference-budget", script(logDir), common(s, "--steps", "1", "--train-seconds",
                Integer.toString(s.budgetSeconds()), "--eval", Integer.toString(s.evalImages())), s.threads(), logDir);
    }

    /** Exactly {@code budgetImages} training images from a fresh model, then the test set's bits/dim. */
    Map<String, Object> trainForImages(BenchSettings s, Path logDir) throws IOException, InterruptedException {
        return run("reference-images", script(logDir), common(s, "--train-images", Integer.toString(s.budgetImages()),
                "--eval", Integer.toString(s.evalImages())), s.threads(), logDir);
    }

    Map<String, Object> evaluateAndSample(BenchSettings s, Path logDir) throws IOException, InterruptedException {
        Path helper = bundled(EVAL_SAMPLE, logDir);
        return run("reference-eval-sample", helper, common(s, "--reference", script(logDir).toString(),
                "--eval", Integer.toString(s.evalImages()), "--sample", Integer.toString(s.sampleImages())), s.threads(), logDir);
    }

    /** The script to run: the named one, or the jar's copied out next to the logs (Python cannot read a jar). */
    private Path script(Path logDir) throws IOException {
        return namedScript != null ? namedScript : bundled(SCRIPT, logDir);
    }

    static Path bundled(String name, Path dir) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = TorchReference.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IOException("bench/" + name + " is missing from the class path (a broken build?)");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static void requireTorch(String python) {
        String problem;
        try {
            Process check = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            if (!check.waitFor(IMPORT_CHECK_SECONDS, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                problem = "took over " + IMPORT_CHECK_SECONDS + " s to import torch";
            } else if (check.exitValue() == 0) {
                return;
            } else {
                String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                problem = "cannot import torch (" + lastLine(output) + ")";
            }
        } catch (IOException e) {
            problem = "cannot be run (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "was interrupted importing torch";
        }
        throw new InvalidConfigException("--python " + python + " " + problem
                + ": install PyTorch (Debian: python3-torch), name another --python, or measure the project alone with --reference none");
    }

    private static String lastLine(String text) {
        return text.isEmpty() ? "no output" : text.substring(text.lastIndexOf('\n') + 1);
    }

    private static List<String> common(BenchSettings s, String... more) {
        List<String> args = new ArrayList<>(List.of("--data", s.dataDir(), "--h", Integer.toString(s.hidden()),
                "--blocks", Integer.toString(s.blocks()), "--batch", Integer.toString(s.batch()),
                "--threads", Integer.toString(s.threads())));
        args.addAll(List.of(more));
        return args;
    }

    private Map<String, Object> run(String name, Path program, List<String> args, int threads, Path logDir)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, program.toString()));
        command.addAll(args);
        return MeasuredProcess.run(command, threads, logDir.resolve(name + ".log"), "", "reference run '" + name + "'");
    }
}
