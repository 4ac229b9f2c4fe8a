package io.pixelcnn.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Every path of a training run, on any Hadoop file system:
 * <pre>
 *   config.properties            the resolved configuration
 *   metrics.csv                  train and test bits/dim per epoch
 *   steps.csv                    loss, images/s and learning rate per averaging round
 *   checkpoints/epoch-0001.zip   model, Adam state and the outer optimizer's velocity after each epoch
 *   model.zip                    the final model (no optimiser state)
 *   best.zip                     a copy of the checkpoint of the epoch with the lowest test bits/dim
 *   skipped.csv                  images left out as malformed, with their reasons (only if any)
 *   classes.txt                  a class-conditional run's classes: names in index order, training counts
 * </pre>
 * Everything is written atomically, so a crashed run never leaves a half-written file under these names.
 */
public final class RunDirectory {

    public static final String CONFIG = "config.properties";
    public static final String METRICS = "metrics.csv";
    public static final String STEPS = "steps.csv";
    public static final String MODEL = "model.zip";
    public static final String BEST = "best.zip";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String CURVE = "curve.png";
    public static final String SAMPLES = "samples";
    public static final String REPORT = "report.html";
    public static final String SKIPPED = "skipped.csv";
    public static final String CLASSES = "classes.txt";
    /** The command lines that trained the run, each with its working folder: how to do it again. */
    public static final String COMMAND = "command.txt";
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("epoch-(\\d+)\\.zip");
    /** What a run writes besides its configuration. */
    private static final List<String> RUN_FILES = List.of(MODEL, BEST, METRICS, STEPS, CHECKPOINTS, CURVE, SAMPLES, REPORT,
            SKIPPED, COMMAND, CLASSES);

    private final String given;
    private final Path root;
    private final Configuration conf;

    /**
     * The run at {@code root}, qualified by its file system ({@code hdfs:///runs/x} gets the NameNode's
     * host and port), so every path of the run is one that renames and comparisons accept.
     *
     * @throws StorageException if the file system cannot be reached (an unknown host)
     */
    public RunDirectory(String root, Configuration conf) throws IOException {
        this.given = root;
        this.root = StoragePaths.qualified(new Path(root), conf);
        this.conf = conf;
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return new Path(root, CONFIG);
    }

    public Path metrics() {
        return new Path(root, METRICS);
    }

    /** A row per round of parameter averaging. */
    public Path steps() {
        return new Path(root, STEPS);
    }

    public Path model() {
        return new Path(root, MODEL);
    }

    /** The checkpoint of the epoch with the lowest test bits/dim so far, copied. */
    public Path best() {
        return new Path(root, BEST);
    }

    /** Train and test bits/dim per epoch, as a PNG plot. */
    public Path curve() {
        return new Path(root, CURVE);
    }

    /** Images sampled from the model after {@code epoch}, as a PNG grid. */
    public Path samples(int epoch) {
        return new Path(new Path(root, SAMPLES), String.format("epoch-%04d.png", epoch));
    }

    /** The self-contained HTML page of the run. */
    public Path report() {
        return new Path(root, REPORT);
    }

    /** Images left out of the run's datasets, one CSV row each with the reason. */
    public Path command() {
        return new Path(root, COMMAND);
    }

    /**
     * Adds {@code line} to the run's {@link #COMMAND} file (a new run starts it, each {@code --resume} adds its
     * own line), rewritten whole, atomically.
     */
    public void recordCommand(String line) throws IOException {
        String before = exists(fs(), command()) ? readText(command()) : "";
        writeText(command(), before + line + "\n");
    }

    public Path skipped() {
        return new Path(root, SKIPPED);
    }

    /** A class-conditional run's classes ({@link ClassList}); an unconditional run has none. */
    public Path classes() {
        return new Path(root, CLASSES);
    }

    /** Saves the run's classes, atomically: a reader sees all of them or the file as it was. */
    public void writeClasses(ClassList classes) throws IOException {
        writeText(classes(), classes.toText());
    }

    /** The classes the run saved, or empty for an unconditional run. */
    public Optional<ClassList> readClasses() throws IOException {
        if (!exists(fs(), classes())) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClassList.parse(readText(classes()), StoragePaths.shown(classes())));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public Path checkpoint(int epoch) {
        return new Path(new Path(root, CHECKPOINTS), String.format("epoch-%04d.zip", epoch));
    }

    /** True if a run already wrote its configuration here. */
    public boolean hasRun() throws IOException {
        try {
            return fs().exists(config());
        } catch (IOException e) {
            throw StorageFaults.named(root, e);
        }
    }

    /**
     * Why a new run cannot be written here, or empty if it can: the path (or a folder above it) is a file,
     * a run already lives here, or the folder holds a run's files without its configuration (a model.zip
     * copied in, a half-deleted run), which a new run would silently overwrite. A missing folder, an empty
     * one and one holding only unrelated files are fine.
     */
    public Optional<String> whyNotNew() throws IOException {
        FileSystem fs = fs();
        Optional<String> file = OutputPaths.fileInTheWay(fs, root);
        if (file.isPresent()) {
            return file;
        }
        if (hasRun()) {
            return Optional.of(given + " already holds a run");
        }
        for (String name : RUN_FILES) {
            if (exists(fs, new Path(root, name))) {
                return Optional.of(given + " holds " + name + " but no " + CONFIG
                        + ": not a run to continue, and a new run would overwrite it");
            }
        }
        return Optional.empty();
    }

    /** The newest complete checkpoint's epoch; temporary files of an interrupted write are not checkpoints. */
    public OptionalInt lastCheckpointEpoch() throws IOException {
        Path dir = new Path(root, CHECKPOINTS);
        if (!fs().exists(dir)) {
            return OptionalInt.empty();
        }
        int last = -1;
        for (FileStatus status : fs().listStatus(dir)) {
            Matcher name = CHECKPOINT_NAME.matcher(status.getPath().getName());
            if (name.matches()) {
                last = Math.max(last, Integer.parseInt(name.group(1)));
            }
        }
        return last < 0 ? OptionalInt.empty() : OptionalInt.of(last);
    }

    public void writeText(Path path, String text) throws IOException {
        AtomicFiles.write(path, conf, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Replaces {@code target} by a byte-for-byte copy of {@code source}, atomically. */
    public void copy(Path source, Path target) throws IOException {
        AtomicFiles.write(target, conf, out -> {
            try (InputStream in = fs().open(source)) {
                in.transferTo(out);
            }
        });
    }

    public String readText(Path path) throws IOException {
        try (InputStream in = fs().open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public Properties readConfig() throws IOException {
        Properties properties = new Properties();
        try (Reader in = new InputStreamReader(fs().open(config()), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(StoragePaths.shown(config()) + ": no such file (not a run directory?)");
        }
        return properties;
    }

    /** Saves a model with the run's configuration inside, so it still says how it was trained when copied away. */
    public void saveModel(ComputationGraph model, Path path, boolean withUpdater) throws IOException {
        saveModel(model, path, withUpdater, Map.of());
    }

    /** Like {@link #saveModel(ComputationGraph, Path, boolean)}, with named entries of more training state. */
    public void saveModel(ComputationGraph model, Path path, boolean withUpdater, Map<String, byte[]> entries)
            throws IOException {
        byte[] runConfig;
        try (InputStream in = fs().open(config())) {
            runConfig = in.readAllBytes();
        }
        byte[] bytes = ModelBytes.of(model, withUpdater, runConfig, entries);
        AtomicFiles.write(path, conf, out -> out.write(bytes));
    }

    /** The named entry a saved model holds, if any. */
    public Optional<byte[]> readModelEntry(Path path, String name) throws IOException {
        try (InputStream in = fs().open(path)) {
            return Optional.ofNullable(ModelBytes.entry(in.readAllBytes(), name));
        }
    }

    public ComputationGraph loadModel(Path path, boolean withUpdater) throws IOException {
        return ModelFiles.load(path, conf, withUpdater);
    }

    private boolean exists(FileSystem fs, Path path) throws IOException {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw StorageFaults.named(root, e);
        }
    }

    private FileSystem fs() throws IOException {
        return root.getFileSystem(conf);
    }
}
