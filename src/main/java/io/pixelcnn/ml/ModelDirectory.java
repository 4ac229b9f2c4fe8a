package io.pixelcnn.ml;

import io.pixelcnn.config.JobConfig;
import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.io.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * A {@link PixelCnnModel} on disk: Spark ML's {@code metadata/} (class, uid, Params, as every MLlib stage
 * writes it) beside a run directory's {@code model.zip} and {@code config.properties}. So a saved model is
 * a {@code --model} for the command line (a conditional model's {@code classes.txt} beside them and inside
 * {@code model.zip}, as {@code train} writes it), and a run directory {@code train} wrote (no {@code metadata/})
 * loads as a model with its Params at their defaults.
 */
final class ModelDirectory {

    private static final String METADATA = "metadata";

    private ModelDirectory() {
    }

    static final class Writer extends MLWriter {
        private final PixelCnnModel model;

        Writer(PixelCnnModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
            try {
                RunDirectory run = new RunDirectory(path, sc().hadoopConfiguration());
                run.writeText(run.config(), model.config().toPropertiesText());
                if (model.classes().isPresent()) {
                    run.writeClasses(model.classes().get());
                }
                run.saveModel(model.graph(), run.model(), false,
                        model.classes().map(ModelFiles::classEntries).orElse(Map.of()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final class Reader extends MLReader<PixelCnnModel> {
        @Override
        public PixelCnnModel load(String path) {
            Configuration conf = sc().hadoopConfiguration();
            try {
                Path metadata = new Path(path, METADATA);
                if (!metadata.getFileSystem(conf).exists(metadata)) {
                    return fromRun(Identifiable.randomUID("pixelCnn"), path, conf);
                }
                DefaultParamsReader.Metadata saved = DefaultParamsReader.loadMetadata(path, sc(),
                        PixelCnnModel.class.getName());
                PixelCnnModel model = fromRun(saved.uid(), path, conf);
                saved.getAndSetParams(model, Option.empty());
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static PixelCnnModel fromRun(String uid, String path, Configuration conf) throws IOException {
            RunDirectory run = new RunDirectory(path, conf);
            if (!run.hasRun()) {
                throw new IllegalArgumentException(path + ": neither a saved PixelCnnModel (no " + METADATA
                        + "/) nor a run directory (no " + RunDirectory.CONFIG + ")");
            }
            JobConfig config = JobConfig.fromProperties(run.readConfig(), run.config().toString());
            Path model = ModelFiles.resolve(path, conf);
            return new PixelCnnModel(uid, ModelFiles.load(model, conf, false), config, ModelFiles.classes(model, conf));
        }
    }
}
