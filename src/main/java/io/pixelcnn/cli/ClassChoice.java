package io.pixelcnn.cli;

import io.pixelcnn.data.BadInputException;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.sample.ImageClasses;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The classes {@code --class NAME} asks of a model, checked against the classes saved with it: each name
 * must be one of them (else one line listing them), and an unconditional model takes none.
 */
final class ClassChoice {

    static final String OPTION = "--class";

    private ClassChoice() {
    }

    /**
     * {@code asked} as the images' classes (each in turn, {@link ImageClasses}); with none asked, a conditional
     * model's images take every class in turn when {@code allByDefault}, else a class is required.
     */
    static ImageClasses of(List<String> asked, ModelOption model, ComputationGraph graph, Configuration conf,
                           boolean allByDefault) {
        int modelClasses = ModelGraph.classes(graph.getConfiguration());
        if (modelClasses == 0) {
            if (!asked.isEmpty()) {
                throw new BadInputException(OPTION + " " + asked.get(0) + ": " + model.path
                        + " is not class-conditional (trained without --conditional); it takes no class");
            }
            return ImageClasses.NONE;
        }
        ClassList classes = model.classes(conf).orElseThrow(() -> new BadInputException(model.path
                + ": a class-conditional model of " + modelClasses + " classes without their names (no classes.txt)"));
        if (asked.isEmpty()) {
            if (!allByDefault) {
                throw new BadInputException(OPTION + ": " + model.path + " is class-conditional; give "
                        + OPTION + " NAME, one of: " + String.join(", ", classes.names()));
            }
            return ImageClasses.cycling(classes.names(), IntStream.range(0, classes.size()).toArray());
        }
        int[] indices = new int[asked.size()];
        for (int i = 0; i < asked.size(); i++) {
            indices[i] = classes.indexOf(asked.get(i));
            if (indices[i] < 0) {
                throw new BadInputException(OPTION + " " + asked.get(i) + ": not a class of " + model.path
                        + "; its classes: " + String.join(", ", classes.names()));
            }
        }
        return ImageClasses.cycling(classes.names(), indices);
    }
}
