package io.pixelcnn.io;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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

    /**
     * The configuration of the run that trained the model at {@code path}: its run directory's
     * config.properties, or else the copy the model carries; empty if neither exists.
     */
    public static Properties runConfig(Path path, Configuration conf) throws IOException {
        Properties properties = new Properties();
        RunDirectory run = new RunDirectory(path.getParent().toString(), conf);
        if (run.hasRun()) {
            return run.readConfig();
        }
        byte[] carried;
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            carried = ModelBytes.runConfig(in.readAllBytes());
        }
        if (carried != null) {
            properties.load(new InputStreamReader(new ByteArrayInputStream(carried), StandardCharsets.UTF_8));
        }
        return properties;
    }

    /**
     * The classes of a class-conditional model: the {@code classes.txt} entry every model of a conditional
     * run carries (so a model.zip copied away still knows them); empty for an unconditional model.
     */
    public static Optional<ClassList> classes(Path path, Configuration conf) throws IOException {
        byte[] text;
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            text = ModelBytes.entry(in.readAllBytes(), RunDirectory.CLASSES);
        }
        return text == null ? Optional.empty()
                : Optional.of(ClassList.parse(new String(text, StandardCharsets.UTF_8), StoragePaths.shown(path) + "!" + RunDirectory.CLASSES));
    }

    /** The entries a conditional run's models carry beside the network: its {@code classes.txt}. */
    public static Map<String, byte[]> classEntries(ClassList classes) {
        return Map.of(RunDirectory.CLASSES, classes.toText().getBytes(StandardCharsets.UTF_8));
    }

    public static ComputationGraph load(Path path, Configuration conf, boolean withUpdater) throws IOException {
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            return ModelBytes.restore(in.readAllBytes(), withUpdater);
        } catch (RuntimeException e) {
            throw new IOException(path + ": not a DL4J model (" + e.getMessage() + ")", e);
        }
    }
}
