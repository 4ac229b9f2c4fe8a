package io.pixelcnn.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of {@code bench --class-fidelity}: how often the judge assigns generated images the class they
 * were drawn in, beside the judge's own accuracy and recall on real test images (a low rate for a class the
 * judge recognises well is the sampler's failure; for a class it confuses anyway, it may be the judge's).
 *
 * @param settings       what was measured
 * @param samples        the generated images, offered as the class they were drawn in
 * @param judge          the real test images, offered as their own class
 * @param judgeTrained   training images the judge learnt from
 * @param judgeSeconds   time to train the judge
 * @param sampleSeconds  wall time of drawing the images
 */
record ClassFidelityResult(ClassFidelitySettings settings, ClassAgreement samples, ClassAgreement judge,
                           long judgeTrained, double judgeSeconds, double sampleSeconds) {

    List<String> classes() {
        return samples.classes();
    }

    double imagesPerSecond() {
        return sampleSeconds > 0 ? samples.images() / sampleSeconds : 0.0;
    }

    /** class-fidelity.json: one object, pretty-printed (it holds a matrix). */
    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", settings.model());
        json.put("classes", classes());
        json.put("samples_per_class", settings.samplesPerClass());
        json.put("samples", samples.images());
        json.put("agreeing", samples.agreeing());
        json.put("rate", samples.rate());
        json.put("rate_per_class", samples.ratesOrNull());
        json.put("judged", samples.totals().confusion());
        json.put("judge_accuracy", judge.rate());
        json.put("judge_recall", judge.ratesOrNull());
        json.put("judge_test_images", judge.images());
        json.put("judge_training_images", judgeTrained);
        json.put("judge_epochs", settings.judgeEpochs());
        json.put("judge_seconds", judgeSeconds);
        json.put("sample_seconds", sampleSeconds);
        json.put("images_per_second", imagesPerSecond());
        json.put("sample_batch", settings.sampleBatch());
        json.put("seed", settings.seed());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers, strings and arrays always serialise", e);
        }
    }

    /** class-fidelity.md: one row per class, then all classes. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Class fidelity of %s: %d images per class drawn, judged by a CNN trained "
                        + "on %d images (%d epochs), %.4f accurate on %d test images; %.1f s of sampling (%.2f images/s).%n%n",
                settings.model(), settings.samplesPerClass(), judgeTrained, settings.judgeEpochs(), judge.rate(),
                judge.images(), sampleSeconds, imagesPerSecond()));
        md.append("| class | drawn | judged as asked | rate | judge recall |\n");
        md.append("| --- | ---: | ---: | ---: | ---: |\n");
        long[] drawn = samples.offered();
        long[][] judged = samples.totals().confusion();
        double[] rates = samples.rates();
        double[] recall = judge.rates();
        for (int k = 0; k < classes().size(); k++) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s |%n", classes().get(k), drawn[k], judged[k][k],
                    figure(rates[k]), figure(recall[k])));
        }
        md.append(String.format(Locale.ROOT, "| all | %d | %d | %s | %s |%n", samples.images(), samples.agreeing(),
                figure(samples.rate()), figure(judge.rate())));
        return md.toString();
    }

    /** The one line a user reads. */
    String summary() {
        return String.format(Locale.ROOT, "class fidelity %.4f (%d of %d drawn images judged as their class); judge "
                        + "accuracy %.4f on %d test images; sampling %.2f images/s", samples.rate(), samples.agreeing(),
                samples.images(), judge.rate(), judge.images(), imagesPerSecond());
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }
}
