package io.pixelcnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run of {@code bench --scaling}: test bits/dim after each pass, against the training images seen so far.
 *
 * @param images        training images seen after each pass
 * @param testBitsPerDim test bits/dim after each pass
 */
record ScalingResult(ScalingMethod method, int n, long seed, List<Long> images, List<Double> testBitsPerDim,
                     double seconds) {

    /** The passes of a run directory's metrics.csv (epoch 0, the untrained model, left out). */
    static ScalingResult read(ScalingMethod method, int n, long seed, Path metrics, long imagesPerPass, double seconds)
            throws IOException {
        List<Long> images = new ArrayList<>();
        List<Double> test = new ArrayList<>();
        List<String> lines = Files.readAllLines(metrics);
        int testColumn = List.of(lines.get(0).split(",")).indexOf("test_bits_per_dim");
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            int epoch = Integer.parseInt(fields[0]);
            if (epoch > 0) {
                images.add(epoch * imagesPerPass);
                test.add(Double.parseDouble(fields[testColumn]));
            }
        }
        if (test.isEmpty()) {
            throw new IOException(metrics + ": no trained epoch");
        }
        return new ScalingResult(method, n, seed, images, test, seconds);
    }

    double finalBitsPerDim() {
        return testBitsPerDim.get(testBitsPerDim.size() - 1);
    }

    String json() {
        return String.format(Locale.ROOT,
                "{\"method\":\"%s\",\"n\":%d,\"seed\":%d,\"images\":%s,\"test_bits_per_dim\":%s,\"seconds\":%.1f}",
                method.name().toLowerCase(Locale.ROOT), n, seed, images, testBitsPerDim, seconds);
    }
}
