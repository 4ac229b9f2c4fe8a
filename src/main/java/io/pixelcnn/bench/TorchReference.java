package io.pixelcnn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch reference, run on the same architecture, batch and thread count: its own script times
 * training (and quality at a budget); the project's {@code bench/torch_eval_sample.py}, which imports the
 * reference's model, times evaluation and naive sampling.
 */
final class TorchReference {

    private final String python;
    private final Path script;
    private final Path logDir;

    TorchReference(String python, Path script, Path logDir) {
        this.python = python;
        this.script = script;
        this.logDir = logDir;
    }

    Map<String, Object> train(BenchSettings s) throws IOException, InterruptedException {
        return run("reference-train", script, common(s, "--steps", Integer.toString(s.steps())), s.threads());
    }

    Map<String, Object> trainForBudget(BenchSettings s) throws IOException, InterruptedException {
        return run("reference-budget", script, common(s, "--steps", "1", "--train-seconds",
                Integer.toString(s.budgetSeconds()), "--eval", Integer.toString(s.evalImages())), s.threads());
    }

    Map<String, Object> evaluateAndSample(BenchSettings s) throws IOException, InterruptedException {
        Path helper = logDir.resolve("torch_eval_sample.py");
        try (InputStream in = TorchReference.class.getResourceAsStream("/bench/torch_eval_sample.py")) {
            Files.copy(in, helper, StandardCopyOption.REPLACE_EXISTING);
        }
        return run("reference-eval-sample", helper, common(s, "--reference", script.toString(),
                "--eval", Integer.toString(s.evalImages()), "--sample", Integer.toString(s.sampleImages())), s.threads());
    }

    private static List<String> common(BenchSettings s, String... more) {
        List<String> args = new ArrayList<>(List.of("--data", s.dataDir(), "--h", Integer.toString(s.hidden()),
                "--blocks", Integer.toString(s.blocks()), "--batch", Integer.toString(s.batch()),
                "--threads", Integer.toString(s.threads())));
        args.addAll(List.of(more));
        return args;
    }

    private Map<String, Object> run(String name, Path program, List<String> args, int threads)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, program.toString()));
        command.addAll(args);
        return MeasuredProcess.run(command, threads, logDir.resolve(name + ".log"), "", "reference run '" + name + "'");
    }
}
