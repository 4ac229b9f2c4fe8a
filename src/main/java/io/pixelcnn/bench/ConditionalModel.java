package io.pixelcnn.bench;

import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.BadInputException;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.Labelling;
import io.pixelcnn.data.Preparation;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.ModelGraph;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A class-conditional model as {@code sample --model} reads it (a run directory or a model zip), with its classes
 * and how its run read and prepared its images, so the judge's images are read and numbered the same way.
 * Anything else (no such path, not a model, an unconditional model) is one line before any work.
 */
record ConditionalModel(String path, ComputationGraph graph, ClassList classes, ImageShape shape,
                        Labelling labelling, Preparation preparation) {

    static ConditionalModel load(String path, Configuration conf) {
        Path zip;
        ComputationGraph graph;
        try {
            zip = ModelFiles.resolve(path, conf);
            graph = ModelFiles.load(zip, conf, false);
        } catch (FileNotFoundException e) {
            throw new BadInputException("--class-fidelity " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("--class-fidelity " + path + ": " + e.getMessage(), e);
        }
        int modelClasses = ModelGraph.classes(graph.getConfiguration());
        ClassList classes;
        Properties run;
        try {
            classes = ModelFiles.classes(zip, conf).filter(list -> list.size() == modelClasses && modelClasses > 0)
                    .orElseThrow(() -> new BadInputException("--class-fidelity " + path + " is not class-conditional: "
                            + "it needs a model trained with --conditional (or a label source)"));
            run = ModelFiles.runConfig(zip, conf);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("--class-fidelity " + path + ": " + e.getMessage(), e);
        }
        ImageShape shape = ModelGraph.imageShape(graph.getConfiguration());
        String source = path + " (its run's " + RunDirectory.CONFIG + ")";
        // the labels as the run read them (its class names for IDX files); a bare zip: as the source keeps them
        Labelling saved = JobConfig.labelling(run, source);
        Labelling labelling = saved.conditional() ? saved : Labelling.fromSource();
        Preparation preparation = JobConfig.preparation(run, source).withChannels(shape.channels());
        return new ConditionalModel(path, graph, classes, shape, labelling, preparation);
    }
}
