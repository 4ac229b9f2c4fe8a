package io.pixelcnn.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of classifying a labelled dataset with a class-conditional model (see
 * {@link GenerativeClassifier}): accuracy, the confusion matrix (rows the true class, columns the predicted
 * one, both in the model's class order) and the mean bits/dim of the images given their own class.
 */
public record Classification(List<String> classes, double[] prior, ConfusionTotals totals, int dimsPerImage,
                             int partitions, double seconds, long skipped) {

    public long images() {
        return totals.images();
    }

    public double accuracy() {
        return totals.images() == 0 ? Double.NaN : totals.correct() / (double) totals.images();
    }

    /** Mean -log2 p(x | y) per sub-pixel, y each image's own class: comparable with evaluate's bits/dim. */
    public double bitsPerDimGivenLabel() {
        return BitsPerDim.of(totals.natsGivenLabel(), totals.images(), dimsPerImage);
    }

    /** The same result, saying how many malformed images were left out of it. */
    public Classification withSkipped(long malformed) {
        return new Classification(classes, prior, totals, dimsPerImage, partitions, seconds, malformed);
    }

    /** Of each class's images, the fraction predicted as that class (NaN for a class without images). */
    public double[] recall() {
        long[][] confusion = totals.confusion();
        double[] recall = new double[confusion.length];
        for (int k = 0; k < confusion.length; k++) {
            long row = 0;
            for (long count : confusion[k]) {
                row += count;
            }
            recall[k] = row == 0 ? Double.NaN : confusion[k][k] / (double) row;
        }
        return recall;
    }

    /** classify.json: one object, pretty-printed (it holds a matrix). */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("images", images());
        json.put("accuracy", accuracy());
        json.put("classes", classes);
        json.put("confusion", totals.confusion());
        json.put("recall", finiteOrNull(recall()));
        json.put("bits_per_dim_given_label", bitsPerDimGivenLabel());
        json.put("prior", prior);
        json.put("dims_per_image", dimsPerImage);
        json.put("partitions", partitions);
        json.put("seconds", seconds);
        json.put("images_per_second", seconds > 0 ? images() / seconds : 0.0);
        json.put("skipped", skipped);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers, strings and arrays always serialise", e);
        }
    }

    /** The one line a user reads. */
    public String summary() {
        return String.format(Locale.ROOT, "accuracy %.4f (%d of %d images, %d classes), %.4f bits/dim given the label",
                accuracy(), totals.correct(), images(), classes.size(), bitsPerDimGivenLabel());
    }

    /** JSON has no NaN: a class without images has no recall. */
    private static List<Double> finiteOrNull(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double value : values) {
            list.add(Double.isFinite(value) ? value : null);
        }
        return list;
    }
}
