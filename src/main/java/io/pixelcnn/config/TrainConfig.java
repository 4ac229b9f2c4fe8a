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
 * @param scaling            how each replica's learning rate grows with the number of replicas
 * @param schedule           how the learning rate moves over the steps ({@link LearningRateSchedule#CONSTANT}: it does not)
 * @param earlyStoppingPatience stop when test bits/dim has not improved for this many epochs; 0: never
 * @param adamMemory         each replica's Adam beta2 as the number of replicas grows
 */
public record TrainConfig(int epochs, int batchSize, int averagingFrequency, int prefetch, double learningRate,
                          long seed, int workers, long trainEvalLimit, OuterOptimizerConfig outer,
                          LearningRateScaling scaling, LearningRateSchedule schedule, int earlyStoppingPatience,
                          AdamMemory adamMemory)
        implements Serializable {

    public TrainConfig {
        Check.that(epochs >= 1, "epochs must be at least 1, got " + epochs);
        Check.that(batchSize >= 1, "batch-size must be at least 1, got " + batchSize);
        Check.that(averagingFrequency >= 1, "averaging-frequency must be at least 1, got " + averagingFrequency);
        Check.that(prefetch >= 0, "prefetch must not be negative, got " + prefetch);
        Check.that(learningRate > 0 && Double.isFinite(learningRate), "learning-rate must be positive, got " + learningRate);
        Check.that(workers >= 0, "workers must not be negative, got " + workers);
        Check.that(trainEvalLimit >= 0, "train-eval-limit must not be negative, got " + trainEvalLimit);
        Check.that(outer != null, "outer optimizer missing");
        Check.that(scaling != null, "learning-rate-scaling missing");
        Check.that(schedule != null, "learning-rate-schedule missing");
        Check.that(adamMemory != null, "adam-memory missing");
        Check.that(earlyStoppingPatience >= 0, "early-stopping-patience must not be negative, got " + earlyStoppingPatience);
        Check.that(!schedule.fallsToMin() || schedule.minRate() < learningRate,
                "learning-rate-min must be below learning-rate, got " + schedule.minRate() + " and " + learningRate);
    }

    /** A constant learning rate. */
    public TrainConfig(int epochs, int batchSize, int averagingFrequency, int prefetch, double learningRate,
                       long seed, int workers, long trainEvalLimit, OuterOptimizerConfig outer,
                       LearningRateScaling scaling) {
        this(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers, trainEvalLimit,
                outer, scaling, LearningRateSchedule.CONSTANT, 0, AdamMemory.STEPS);
    }

    /** Plain parameter averaging, no outer step, every replica at {@code learningRate}. */
    public TrainConfig(int epochs, int batchSize, int averagingFrequency, int prefetch, double learningRate,
                       long seed, int workers, long trainEvalLimit) {
        this(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers, trainEvalLimit,
                OuterOptimizerConfig.PLAIN);
    }

    /** Every replica at {@code learningRate}. */
    public TrainConfig(int epochs, int batchSize, int averagingFrequency, int prefetch, double learningRate,
                       long seed, int workers, long trainEvalLimit, OuterOptimizerConfig outer) {
        this(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers, trainEvalLimit,
                outer, LearningRateScaling.NONE);
    }

    /** Adam's beta2 on each of {@code replicas} replicas. */
    public double replicaBeta2(int replicas) {
        return adamMemory.beta2(replicas);
    }

    public TrainConfig withAdamMemory(AdamMemory newMemory) {
        return new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers,
                trainEvalLimit, outer, scaling, schedule, earlyStoppingPatience, newMemory);
    }

    /** The Adam learning rate of each of {@code replicas} replicas. */
    public double replicaLearningRate(int replicas) {
        return scaling.scale(learningRate, replicas);
    }

    public TrainConfig withLearningRate(double newLearningRate) {
        return new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, newLearningRate, seed, workers,
                trainEvalLimit, outer, scaling, schedule, earlyStoppingPatience, adamMemory);
    }

    public TrainConfig withWorkers(int newWorkers) {
        return new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, newWorkers,
                trainEvalLimit, outer, scaling, schedule, earlyStoppingPatience, adamMemory);
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(newEpochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers,
                trainEvalLimit, outer, scaling, schedule, earlyStoppingPatience, adamMemory);
    }

    public TrainConfig withScaling(LearningRateScaling newScaling) {
        return new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers,
                trainEvalLimit, outer, newScaling, schedule, earlyStoppingPatience, adamMemory);
    }

    public TrainConfig withSchedule(LearningRateSchedule newSchedule) {
        return new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers,
                trainEvalLimit, outer, scaling, newSchedule, earlyStoppingPatience, adamMemory);
    }

    public TrainConfig withEarlyStoppingPatience(int newPatience) {
        return new TrainConfig(epochs, batchSize, averagingFrequency, prefetch, learningRate, seed, workers,
                trainEvalLimit, outer, scaling, schedule, newPatience, adamMemory);
    }
}
