package io.pixelcnn.cli;

import io.pixelcnn.data.BadInputException;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.io.StorageFaults;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Option;

/** {@code --model}: a run directory or a model zip, and the run configuration saved beside it. */
final class ModelOption {

    @Grouped(OptionGroup.MODEL)
    @Option(names = "--model", required = true, paramLabel = "PATH",
            description = "A run directory (its model.zip is used) or a model zip file.")
    String path;

    ComputationGraph load(Configuration conf) {
        try {
            return ModelFiles.load(ModelFiles.resolve(path, conf), conf, false);
        } catch (FileNotFoundException e) {
            throw new BadInputException(e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            // an unknown host is an IllegalArgumentException of the HDFS client
            throw StorageFaults.of(path, e).map(storage -> new BadInputException(storage.getMessage(), e))
                    .orElseGet(() -> new BadInputException(e.getMessage(), e));
        }
    }

    /** The classes a class-conditional model carries (its classes.txt entry); empty for an unconditional model. */
    Optional<ClassList> classes(Configuration conf) {
        try {
            return ModelFiles.classes(ModelFiles.resolve(path, conf), conf);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** The configuration of the run that trained the model (its run directory's, or the model's own copy); empty if none. */
    Properties runConfig(Configuration conf) {
        try {
            return ModelFiles.runConfig(ModelFiles.resolve(path, conf), conf);
        } catch (IOException e) {
            return new Properties();
        }
    }
}
