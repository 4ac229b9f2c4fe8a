package io.pixelcnn.bench;

import io.pixelcnn.model.ModelConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measures, shared by the driver of the benchmark, the JVMs it starts and the
 * reference scripts, so every side runs the same architecture on the same data.
 *
 * @param hidden       channels in the residual blocks (the reference's {@code --h})
 * @param blocks       residual blocks
 * @param batch        images per training step, evaluation pass and sampling pass
 * @param threads      CPU threads each side may use
 * @param averagingFrequency minibatches between parameter averagings on Spark
 * @param learningRate the project's Adam learning rate (the reference always uses 1e-3)
 * @param steps        timed training steps in one JVM (after warm-up)
 * @param sparkImages  images in the timed parameter-averaging epoch
 * @param evalImages   test images scored
 * @param sampleImages images generated
 * @param budgetSeconds training time for the quality-at-a-budget figure (0: not measured)
 * @param dataDir      folder with Fashion-MNIST's IDX files
 */
public record BenchSettings(int hidden, int blocks, int batch, int threads, int averagingFrequency,
                            double learningRate, int steps, int sparkImages,
                            int evalImages, int sampleImages, int budgetSeconds, String dataDir) {

    public ModelConfig model() {
        return new ModelConfig(hidden, blocks, 7, 3);
    }

    public String trainFile() {
        return dataDir + "/train-images-idx3-ubyte.gz";
    }

    public String testFile() {
        return dataDir + "/t10k-images-idx3-ubyte.gz";
    }

    /** As {@code key=value} arguments for a child JVM's {@link Probe}. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.add("hidden=" + hidden);
        args.add("blocks=" + blocks);
        args.add("batch=" + batch);
        args.add("threads=" + threads);
        args.add("averagingFrequency=" + averagingFrequency);
        args.add("learningRate=" + learningRate);
        args.add("steps=" + steps);
        args.add("sparkImages=" + sparkImages);
        args.add("evalImages=" + evalImages);
        args.add("sampleImages=" + sampleImages);
        args.add("budgetSeconds=" + budgetSeconds);
        args.add("dataDir=" + dataDir);
        return args;
    }

    static BenchSettings fromArgs(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new BenchSettings(number(values, "hidden"), number(values, "blocks"), number(values, "batch"),
                number(values, "threads"), number(values, "averagingFrequency"),
                Double.parseDouble(values.get("learningRate")), number(values, "steps"), number(values, "sparkImages"),
                number(values, "evalImages"), number(values, "sampleImages"), number(values, "budgetSeconds"),
                values.get("dataDir"));
    }

    private static int number(Map<String, String> values, String key) {
        return Integer.parseInt(values.get(key));
    }
}
