package io.pixelcnn.bench;

import io.pixelcnn.eval.ConfusionTotals;
import java.util.ArrayList;
import java.util.List;

/**
 * How often a judge's class agrees with the class each image was offered as: for test images their own label
 * (the judge's accuracy and recall), for generated images the class they were drawn in (the sampler's class
 * fidelity). One computation for both, so the two figures a reader compares are counted the same way.
 *
 * @param classes the model's class names, in its order: the order of every array
 * @param totals  image counts, rows the class offered, columns the class the judge assigned
 */
record ClassAgreement(List<String> classes, ConfusionTotals totals) {

    /** Image {@code i} offered as class {@code offered[i]} and judged {@code judged[i]}. */
    static ClassAgreement of(List<String> classes, int[] offered, int[] judged) {
        if (offered.length != judged.length) {
            throw new IllegalArgumentException(offered.length + " images offered but " + judged.length + " judged");
        }
        ConfusionTotals totals = ConfusionTotals.empty(classes.size());
        for (int i = 0; i < offered.length; i++) {
            totals = totals.add(offered[i], judged[i], 0);
        }
        return new ClassAgreement(classes, totals);
    }

    long images() {
        return totals.images();
    }

    long agreeing() {
        return totals.correct();
    }

    /** Of all images, the fraction the judge assigned the class they were offered as. */
    double rate() {
        return totals.images() == 0 ? Double.NaN : totals.correct() / (double) totals.images();
    }

    /** Per class offered, the fraction of its images the judge assigned that class (NaN for a class without images). */
    double[] rates() {
        long[][] confusion = totals.confusion();
        double[] rates = new double[confusion.length];
        for (int k = 0; k < confusion.length; k++) {
            long offered = offeredAs(confusion, k);
            rates[k] = offered == 0 ? Double.NaN : confusion[k][k] / (double) offered;
        }
        return rates;
    }

    /** Per class, how many images were offered as it. */
    long[] offered() {
        long[][] confusion = totals.confusion();
        long[] offered = new long[confusion.length];
        for (int k = 0; k < confusion.length; k++) {
            offered[k] = offeredAs(confusion, k);
        }
        return offered;
    }

    /** JSON has no NaN: a class without images has no rate. */
    List<Double> ratesOrNull() {
        List<Double> list = new ArrayList<>();
        for (double rate : rates()) {
            list.add(Double.isNaN(rate) ? null : rate);
        }
        return list;
    }

    private static long offeredAs(long[][] confusion, int k) {
        long row = 0;
        for (long count : confusion[k]) {
            row += count;
        }
        return row;
    }
}
