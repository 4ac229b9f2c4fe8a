package io.pixelcnn.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Finds and loads a saved model given either its zip file or the run directory that holds it. */
public final class ModelFiles {

    private ModelFiles() {
    }

    /** {@code path} itself if it is a file, else {@code path/model.zip}. */
    public static Path resolve(String path, Configuration conf) throws IOException {
        Path given = new Path(path);
        FileSystem fs = given.getFileSystem(conf);
        if (!fs.exists(given)) {
            throw new FileNotFoundException(path + ": no such file or directory");
        }
        if (fs.getFileStatus(given).isDirectory()) {
            Path model = new Path(given, RunDirectory.MODEL);
            if (!fs.exists(model)) {
                throw new FileNotFoundException(path + ": no " + RunDirectory.MODEL + " (has the run finished?)");
            }
            return model;
        }
        return given;
    }

    public static ComputationGraph load(Path path, Configuration conf, boolean withUpdater) throws IOException {
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            return ModelBytes.restore(in.readAllBytes(), withUpdater);
        } catch (RuntimeException e) {
            throw new IOException(path + ": not a DL4J model (" + e.getMessage() + ")", e);
        }
    }
}
