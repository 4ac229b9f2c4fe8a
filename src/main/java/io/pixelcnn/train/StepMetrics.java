package io.pixelcnn.train;

import java.util.Locale;

/**
 * One round of parameter averaging, a row of {@code steps.csv}.
 *
 * @param epoch           the epoch the round belongs to
 * @param round           the round within the epoch, from 1
 * @param step            each worker's minibatch steps in the run after the round (the driver's update count)
 * @param images          training images fitted in the run so far, all workers
 * @param lossBitsPerDim  the mean training loss of the round's minibatches, all workers, in bits/dim
 * @param imagesPerSecond the round's images over its time (averaging and the outer step included)
 * @param learningRate    the Adam rate of the round's last step
 */
public record StepMetrics(int epoch, int round, long step, long images, double lossBitsPerDim,
                          double imagesPerSecond, double learningRate) {

    public static final String CSV_HEADER =
            "epoch,round,step,images,loss_bits_per_dim,images_per_second,learning_rate";

    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%d,%d,%.6f,%.2f,%s", epoch, round, step, images, lossBitsPerDim,
                imagesPerSecond, Double.toString(learningRate));
    }

    public static StepMetrics fromCsv(String line) {
        String[] f = line.split(",");
        return new StepMetrics(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
                Long.parseLong(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
    }
}
