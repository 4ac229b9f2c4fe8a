package io.pixelcnn.config;

import java.io.Serializable;

/**
 * How the model is trained with parameter averaging.
 *
 * @param epochs             passes over the training set
 * @param batchSize          images per minibatch on each worker
 * @param averagingFrequency minibatches each worker fits between parameter averagings
 * @param prefetch           minibatches each worker prepares ahead of the one it fits
 * @param learningRate       Adam's step size
 * @param seed               seeds weights, shuffling and the averaging splits: same seed, same run
 * @param workers            parallel model replicas; 0 means Spark's default parallelism
 * @param trainEvalLimit     training images scored exactly after each epoch; 0 scores all
 * @param outer              the driver's step after each averaging round ({@link OuterOptimizerConfig#PLAIN}: none)
 */
public record TrainConfig(int epochs, int batchSize, int averagingFrequency, int prefetch, double learningRate,
                          long seed, int workers, long trainEvalLimit, OuterOptimizerConfig outer) implements Serializable {

    public TrainConfig {
        Check.that(epochs >= 1, "epochs must be at least 1, got " + epochs);
        Check.that(batchSize >= 1, "batch-size must be at least 1, got " + batchSize);
        Check.that(averagingFrequency >= 1, "averaging-frequency must be at least 1, got " + averagingFrequency);
        Check.that(prefetch >= 0, "prefetch must not be negative, got " + prefetch);
        Check.that(learningRate > 0 && Double.isFinite(learningRate), "learning-rate must be positive, got " + learningRate);
        Check.that(workers >= 0, "workers must not be negative, got " + workers);
        Check.that(trainEvalLimit >= 0, "train-eval-limit must not be negative, got " + trainEvalLimit);
        Check.that(outer != null, "outer optimizer missing");
    }

    /** Plain parameter averaging, no outer step. */
    public TrainConfig(int epochs, int batchSize, int averagingFrequency, int prefetch, double learningRate,
                       long seed, int workers, long trainEvalLimit) {
        this(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers, trainEvalLimit,
                OuterOptimizerConfig.PLAIN);
    }

    public TrainConfig withLearningRate(double newLearningRate) {
        return new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, newLearningRate, seed, workers,
                trainEvalLimit, outer);
    }

    public TrainConfig withWorkers(int newWorkers) {
        return new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, newWorkers,
                trainEvalLimit, outer);
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(newEpochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers,
                trainEvalLimit, outer);
    }

    public TrainConfig withOuter(OuterOptimizerConfig newOuter) {
        return new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers,
                trainEvalLimit, newOuter);
    }
}
