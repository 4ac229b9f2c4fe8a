package io.pixelcnn.bench;

import io.pixelcnn.cluster.SparkJobs;
import io.pixelcnn.data.BadInputException;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.LabelledImage;
import io.pixelcnn.data.SourceFormat;
import io.pixelcnn.io.AtomicFiles;
import io.pixelcnn.sample.ImageClasses;
import io.pixelcnn.sample.ImageGenerator;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.sample.Samplers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code bench --class-fidelity}: does {@code sample --class} draw images of the class asked? A judge CNN
 * ({@link ClassJudge}) is trained on the training images with their own labels, numbered as the model's classes,
 * and scored on the test images; then the model draws N images in each class through the sampler
 * {@code sample --class} uses, and the judge says which class each shows. Writes {@value #JSON},
 * {@value #MARKDOWN} and {@value #PICTURE} (the first {@value #GRID_COLUMNS} images of each class, a row per
 * class) to the log folder, each whole or not at all, after everything is measured.
 */
public final class ClassFidelity {

    public static final String JSON = "class-fidelity.json";
    public static final String MARKDOWN = "class-fidelity.md";
    public static final String PICTURE = "class-fidelity.png";
    static final int GRID_COLUMNS = 10;

    private final ClassFidelitySettings settings;

    public ClassFidelity(ClassFidelitySettings settings) {
        this.settings = settings;
    }

    public void run(PrintWriter out) throws IOException {
        Configuration conf = SparkJobs.hadoopConfiguration();
        ConditionalModel model = ConditionalModel.load(settings.model(), conf);
        List<LabelledImage> train;
        List<LabelledImage> test;
        // the labels' problems (a class the model lacks, a missing label file) stop the run here, before training
        try (JavaSparkContext sc = SparkJobs.start("pixelcnn-bench-class-fidelity")) {
            train = labelled(sc, settings.trainImages(), settings.judgeImages(), model);
            requireEveryClass(train, model);
            test = labelled(sc, settings.testImagesFile(), settings.testImages(), model);
        }
        List<String> classes = model.classes().names();

        long start = System.nanoTime();
        ClassJudge judge = ClassJudge.train(train, model.shape(), classes.size(), settings.judgeEpochs(),
                settings.seed(), line -> print(out, line));
        double judgeSeconds = (System.nanoTime() - start) / 1e9;
        ClassAgreement judgeScore = judge.score(test, classes);
        print(out, String.format(Locale.ROOT, "judge accuracy %.4f on %d test images", judgeScore.rate(), judgeScore.images()));

        ImageClasses everyClass = ImageClasses.cycling(classes, IntStream.range(0, classes.size()).toArray());
        int total = settings.samplesPerClass() * classes.size();
        start = System.nanoTime();
        List<byte[]> images = draw(model, everyClass, total, out);
        double sampleSeconds = (System.nanoTime() - start) / 1e9;
        int[] asked = IntStream.range(0, total).map(everyClass::of).toArray();
        ClassAgreement samples = ClassAgreement.of(classes, asked, judge.classify(images));

        ClassFidelityResult result = new ClassFidelityResult(settings, samples, judgeScore, train.size(), judgeSeconds,
                sampleSeconds);
        write(result, images.subList(0, Math.min(total, GRID_COLUMNS * classes.size())), model, everyClass, conf);
        out.println(result.markdown());
        print(out, result.summary() + "; written: " + new Path(settings.logDir(), JSON) + ", " + MARKDOWN + ", " + PICTURE);
    }

    /** The images of {@code file} (the first {@code limit}; 0: all) with their classes numbered as the model's. */
    private List<LabelledImage> labelled(JavaSparkContext sc, String file, long limit, ConditionalModel model) {
        DatasetSpec spec = new DatasetSpec(file, limit, SourceFormat.auto(), model.preparation(), model.labelling());
        try (ImageData data = ImageData.load(sc, spec, sc.defaultParallelism(), settings.seed())) {
            data.requireShape(model.shape(), "the model");
            return data.labelledAs(model.classes()).collect();
        }
    }

    /** A class without training images could never be judged right: its rate would measure nothing. */
    private void requireEveryClass(List<LabelledImage> train, ConditionalModel model) {
        long[] counts = new long[model.classes().size()];
        train.forEach(image -> counts[image.label()]++);
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0) {
                throw new BadInputException(String.format("%s: no image of class '%s' among the %d the judge would learn "
                        + "from; the model's classes: %s", settings.trainImages(), model.classes().names().get(k),
                        train.size(), String.join(", ", model.classes().names())));
            }
        }
    }

    /** {@code total} images, image i in class {@code classes.of(i)}, through sample's sampler, one line per batch. */
    private List<byte[]> draw(ConditionalModel model, ImageClasses classes, int total, PrintWriter out) {
        ImageGenerator sampler = Samplers.forModel(model.graph(), model.shape(), settings.sampleBatch());
        List<byte[]> images = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int first = 0; first < total; first += settings.sampleBatch()) {
            int count = Math.min(settings.sampleBatch(), total - first);
            images.addAll(sampler.sample(first, count, settings.seed(), classes));
            double seconds = (System.nanoTime() - start) / 1e9;
            print(out, String.format(Locale.ROOT, "sampled %d of %d images in %.1f s (%.2f images/s)", images.size(),
                    total, seconds, images.size() / seconds));
        }
        return images;
    }

    private void write(ClassFidelityResult result, List<byte[]> shown, ConditionalModel model, ImageClasses classes,
                       Configuration conf) throws IOException {
        Path dir = new Path(settings.logDir());
        byte[] json = result.toJson().getBytes(StandardCharsets.UTF_8);
        byte[] markdown = result.markdown().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(new Path(dir, JSON), conf, stream -> stream.write(json));
        AtomicFiles.write(new Path(dir, MARKDOWN), conf, stream -> stream.write(markdown));
        ImageGrid.writePng(ImageGrid.of(shown, model.shape(), classes), new Path(dir, PICTURE), conf);
    }

    private static void print(PrintWriter out, String line) {
        out.println("class-fidelity: " + line);
        out.flush();
    }
}
