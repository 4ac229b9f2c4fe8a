package io.pixelcnn.testing;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.ModelBytes;
import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.ClassBiasParameters;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.model.builder.ModelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Class-conditional models for tests, made directly (before {@code train} makes them): random class rows,
 * or a model whose class alone decides whether its images are dark or light; saved as a conditional run
 * saves them, {@code model.zip} with its {@code classes.txt} entry.
 */
public final class ConditionalModels {

    /** The planted model's classes: "dark" puts every sub-pixel near 0, "light" near 255. */
    public static final ClassList DARK_LIGHT = new ClassList(List.of("dark", "light"), List.of(1L, 1L));
    /** How steeply a planted logit falls with the distance from its class's end: e^-0.5 per level. */
    private static final double STEEPNESS = 0.5;

    private ConditionalModels() {
    }

    /** Gives every class bias of {@code model} random rows (a new model's are zero, so a wrong row would not show). */
    public static ComputationGraph randomClassRows(ComputationGraph model, long seed) {
        Nd4j.getRandom().setSeed(seed);
        model.paramTable().forEach((name, values) -> {
            if (name.endsWith("-class_" + ClassBiasParameters.KEY)) {
                values.assign(Nd4j.randn(values.dataType(), values.shape()).muli(0.5));
            }
        });
        return model;
    }

    /**
     * A PixelCNN on {@code shape} whose images depend on the class alone: the head's features are zero but for
     * its class bias, which sets feature 0 to 1 for "dark" and feature 1 to 1 for "light"; the logits of
     * level l are -0.5 l from feature 0 and -0.5 (255 - l) from feature 1 (for every channel). So "dark" draws
     * every sub-pixel from a geometric distribution at 0 (mean about 1.5) and "light" its mirror at 255.
     */
    public static ComputationGraph darkOrLight(ImageShape shape) {
        ComputationGraph model = ModelBuilder.build(new ModelConfig(4, 1, 3, 3).conditionedOn(DARK_LIGHT.size()),
                shape, 1e-3, 1);
        model.paramTable().forEach((name, values) -> {
            if (name.startsWith("head") || name.startsWith(ModelGraph.LOGITS)) {
                values.assign(0);
            }
        });
        var bias = model.getParam("head-class_" + ClassBiasParameters.KEY);
        bias.putScalar(0, 0, 1);
        bias.putScalar(1, 1, 1);
        var logits = model.getParam(ModelGraph.LOGITS + "_W"); // [out = channels * 256, in, 1, 1]
        for (int channel = 0; channel < shape.channels(); channel++) {
            for (int level = 0; level < 256; level++) {
                int out = channel * 256 + level;
                logits.putScalar(new long[]{out, 0, 0, 0}, -STEEPNESS * level);
                logits.putScalar(new long[]{out, 1, 0, 0}, -STEEPNESS * (255 - level));
            }
        }
        return model;
    }

    /** Saves {@code model} of {@code classes} as {@code dir/model.zip}, a conditional run's model; returns dir. */
    public static Path save(ComputationGraph model, ClassList classes, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(RunDirectory.MODEL), ModelBytes.of(model, false, new byte[0],
                ModelFiles.classEntries(classes)));
        return dir;
    }
}
