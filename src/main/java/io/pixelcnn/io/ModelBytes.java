package io.pixelcnn.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A model as bytes in DL4J's {@link ModelSerializer} format (a zip): how models travel to executors and
 * to disk. A saved model may carry one more entry, the configuration of the run that trained it, so a
 * model.zip copied away from its run directory still says how its images were prepared; DL4J ignores
 * the entry.
 */
public final class ModelBytes {

    /** The zip entry holding the training run's configuration, as in the run's config.properties. */
    static final String RUN_CONFIG_ENTRY = "pixelcnn-run.properties";

    private ModelBytes() {
    }

    public static byte[] of(ComputationGraph graph, boolean withUpdater) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(graph, bytes, withUpdater);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Like {@link #of(ComputationGraph, boolean)}, with the run's configuration inside. */
    public static byte[] of(ComputationGraph graph, boolean withUpdater, byte[] runConfig) {
        return of(graph, withUpdater, runConfig, Map.of());
    }

    /**
     * Like {@link #of(ComputationGraph, boolean, byte[])}, with more named entries: training state beyond
     * DL4J's own (the outer optimizer's velocity), written in the same file so a checkpoint is one atomic write.
     */
    public static byte[] of(ComputationGraph graph, boolean withUpdater, byte[] runConfig, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream model = new ZipInputStream(new ByteArrayInputStream(of(graph, withUpdater)));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = model.getNextEntry(); entry != null; entry = model.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                model.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(RUN_CONFIG_ENTRY));
            out.write(runConfig);
            out.closeEntry();
            for (Map.Entry<String, byte[]> extra : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(extra.getKey()));
                out.write(extra.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The run configuration a saved model carries, or null if it carries none. */
    public static byte[] runConfig(byte[] model) {
        return entry(model, RUN_CONFIG_ENTRY);
    }

    /** The named entry of a saved model, or null if it has none. */
    public static byte[] entry(byte[] model, String name) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(model))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return zip.readAllBytes();
                }
            }
            return null;
        } catch (IOException e) {
            return null; // not a zip: loading the model itself says so
        }
    }

    public static ComputationGraph restore(byte[] bytes, boolean withUpdater) {
        try {
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), withUpdater);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
