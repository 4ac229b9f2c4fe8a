package io.pixelcnn.report;

import io.pixelcnn.eval.Classification;
import io.pixelcnn.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * classify's output folder: {@value #JSON} (the numbers) and {@value #PICTURE} (the confusion matrix as a heat
 * map). The folder appears whole or not at all, so a reader never finds the numbers without their picture or
 * either half-written.
 */
public final class ClassificationOutput {

    public static final String JSON = "classify.json";
    public static final String PICTURE = "confusion.png";

    private ClassificationOutput() {
    }

    /** Writes {@code result} into {@code dir}, which must not exist unless {@code replace}. */
    public static void write(Classification result, Path dir, boolean replace, Configuration conf) throws IOException {
        byte[] json = result.toJson().getBytes(StandardCharsets.UTF_8);
        byte[] picture = ConfusionChart.png(result);
        AtomicFiles.writeDirectory(dir, conf, replace, folder -> {
            AtomicFiles.write(new Path(folder, JSON), conf, out -> out.write(json));
            AtomicFiles.write(new Path(folder, PICTURE), conf, out -> out.write(picture));
        });
    }
}
