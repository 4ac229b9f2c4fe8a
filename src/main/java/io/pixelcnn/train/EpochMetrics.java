package io.pixelcnn.train;

import java.util.Locale;

/**
 * What one epoch achieved. Train and test bits/dim are exact evaluations of the model after the epoch
 * (train on up to {@code train-eval-limit} training images); {@code lossBitsPerDim} is DL4J's training
 * loss on the last minibatches, for a quick look at noise; {@code learningRate} the Adam rate of the epoch's
 * last step (NaN for epoch 0, the untrained model, and for rows saved before the column existed).
 */
public record EpochMetrics(int epoch, double trainBitsPerDim, double testBitsPerDim, double lossBitsPerDim,
                           long images, double trainSeconds, double evalSeconds, double learningRate) {

    public static final String CSV_HEADER = "epoch,train_bits_per_dim,test_bits_per_dim,loss_bits_per_dim,images,"
            + "train_seconds,eval_seconds,images_per_second,learning_rate";

    public double imagesPerSecond() {
        return trainSeconds > 0 ? images / trainSeconds : 0;
    }

    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%d,%.3f,%.3f,%.2f,%s", epoch, trainBitsPerDim,
                testBitsPerDim, lossBitsPerDim, images, trainSeconds, evalSeconds, imagesPerSecond(),
                Double.toString(learningRate));
    }

    public static EpochMetrics fromCsv(String line) {
        String[] f = line.split(",");
        return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                f.length > 8 ? Double.parseDouble(f[8]) : Double.NaN);
    }
}
