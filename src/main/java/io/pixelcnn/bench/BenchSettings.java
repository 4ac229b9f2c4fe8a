package io.pixelcnn.bench;

import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measures, shared by the driver of the benchmark, the JVMs it starts and the
 * reference scripts, so every side runs the same architecture on the same data.
 *
 * @param family       the project's model family (the reference is always a PixelCNN)
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
 * @param logDir       where the measurements leave their logs (and the budget run its trained model)
 */
public record BenchSettings(ModelFamily family, int hidden, int blocks, int batch, int threads, int averagingFrequency,
                            double learningRate, int steps, int sparkImages,
                            int evalImages, int sampleImages, int budgetSeconds, String dataDir,
                            String logDir) {

    public ModelConfig model() {
        return new ModelConfig(family, hidden, blocks, 7, 3);
    }

    /** The same measurements of another family. */
    public BenchSettings of(ModelFamily other) {
        return new BenchSettings(other, hidden, blocks, batch, threads, averagingFrequency, learningRate, steps,
                sparkImages, evalImages, sampleImages, budgetSeconds, dataDir, logDir);
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
        args.add("family=" + family.key());
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
        args.add("logDir=" + logDir);
        return args;
    }

    static BenchSettings fromArgs(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new BenchSettings(ModelFamily.parse(values.get("family")), number(values, "hidden"), number(values, "blocks"), number(values, "batch"),
                number(values, "threads"), number(values, "averagingFrequency"),
                Double.parseDouble(values.get("learningRate")), number(values, "steps"), number(values, "sparkImages"),
                number(values, "evalImages"), number(values, "sampleImages"), number(values, "budgetSeconds"),
                values.get("dataDir"), values.get("logDir"));
    }

    private static int number(Map<String, String> values, String key) {
        return Integer.parseInt(values.get(key));
    }
}
