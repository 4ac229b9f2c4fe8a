package io.pixelcnn.train;

import io.pixelcnn.cluster.RunningTasks;
import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.LabelledImage;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One epoch of DL4J parameter averaging: workers fit copies of the model on their share of minibatches
 * and the driver averages parameters (and Adam's state) every {@code averaging-frequency} minibatches.
 *
 * <p>Every epoch is a pure function of (model, images, seed, epoch): the shuffle and DL4J's split of the
 * data into averaging rounds are seeded per epoch, which is what makes {@code --resume} continue exactly
 * as an uninterrupted run would.
 */
public final class SparkTrainer {

    /** The name of the accumulator counting the images an epoch put into minibatches, after "epoch N". */
    public static final String BATCHED_COUNTER = ": images batched";

    /** How long a failed epoch waits for its cancelled tasks: longer than an averaging round takes. */
    private static final Duration CANCELLED_TASKS_WAIT = Duration.ofSeconds(60);

    private final JavaSparkContext sc;
    private final TrainConfig config;
    private final ImageShape shape;
    private final OuterOptimizer outer;
    /** The learning rate over the run's steps; set by {@link #scheduleOver}, needed unless it is constant. */
    private ScheduledLearningRate schedule;
    /** Hears of every averaging round of the epochs this trainer fits; null: nobody. */
    private RoundListener rounds;

    /** A trainer whose outer optimizer starts with no velocity: a new run. */
    public SparkTrainer(JavaSparkContext sc, TrainConfig config, ImageShape shape) {
        this(sc, config, shape, Optional.empty());
    }

    /** {@code outerVelocity}: the outer optimizer's state from a checkpoint, so a resumed run continues it. */
    public SparkTrainer(JavaSparkContext sc, TrainConfig config, ImageShape shape, Optional<INDArray> outerVelocity) {
        this.sc = sc;
        this.config = config;
        this.shape = shape;
        this.outer = new OuterOptimizer(config.outer(), replicas(sc, config), outerVelocity);
    }

    /** With {@code outer} null: DL4J's averaging alone, the code path without an outer optimizer (for tests). */
    SparkTrainer(JavaSparkContext sc, TrainConfig config, ImageShape shape, OuterOptimizer outer) {
        this.sc = sc;
        this.config = config;
        this.shape = shape;
        this.outer = outer;
    }

    /** The outer optimizer's state after the epochs fitted so far, for a checkpoint. */
    public Optional<INDArray> outerVelocity() {
        return outer == null ? Optional.empty() : outer.velocity();
    }

    /** Model replicas trained in parallel: the configured workers, else what DL4J takes, Spark's default parallelism. */
    private static int replicas(JavaSparkContext sc, TrainConfig config) {
        return config.workers() > 0 ? config.workers() : sc.defaultParallelism();
    }

    /**
     * Fits {@code model} in place on one pass over {@code images}; returns DL4J's last averaged loss
     * (nats/image). {@code hooks} run on the workers after every minibatch. A NaN or infinite minibatch loss on any worker ends the epoch with a
     * {@link TrainingDivergedException} (inside Spark's exception).
     */
    public double fitEpoch(ComputationGraph model, JavaRDD<byte[]> images, int epoch, TrainingHook... hooks) {
        applyReplicaAdam(model);
        JavaRDD<DataSet> batches = minibatches(images, epoch);
        return fit(model, batches, SparkComputationGraph::fit, epoch, hooks);
    }

    /**
     * Like {@link #fitEpoch}, for a class-conditional model of {@code classes} classes: each minibatch carries
     * its images' one-hot classes as the graph's second input (a {@link MultiDataSet}), fitted by DL4J's
     * {@code fitMultiDataSet}, which the same averaging master, workers and hooks serve.
     */
    public double fitLabelledEpoch(ComputationGraph model, JavaRDD<LabelledImage> images, int classes, int epoch,
                                   TrainingHook... hooks) {
        applyReplicaAdam(model);
        JavaRDD<MultiDataSet> batches = labelledMinibatches(images, classes, epoch);
        return fit(model, batches, SparkComputationGraph::fitMultiDataSet, epoch, hooks);
    }

    /**
     * Sets the replicas' Adam, its rate (or schedule) and beta2, on the driver's model: the workers build
     * their models from the driver's configuration, so this is what they train with.
     */
    private void applyReplicaAdam(ComputationGraph model) {
        ReplicaAdam.setBeta2(model, config.replicaBeta2(replicas(sc, config)));
        if (config.schedule().isConstant()) {
            // a plain number, as before schedules existed: such runs keep their results bit for bit
            model.setLearningRate(config.replicaLearningRate(replicas(sc, config)));
        } else if (schedule == null) {
            throw new IllegalStateException("learning-rate-schedule " + config.schedule().shape().key()
                    + " needs the epoch's length: call scheduleOver first");
        } else {
            model.setLearningRate(schedule);
        }
    }

    private <B> double fit(ComputationGraph model, JavaRDD<B> batches,
                           BiConsumer<SparkComputationGraph, JavaRDD<B>> fitting, int epoch, TrainingHook... hooks) {
        ParameterAveragingTrainingMaster master = trainingMaster(epoch);
        for (TrainingHook hook : hooks) {
            master.addHook(hook);
        }
        SparkComputationGraph spark = new SparkComputationGraph(sc, model, master);
        String jobGroup = "pixelcnn-train-" + UUID.randomUUID();
        // no interrupting on cancel: a cancelled task's native training step is left to finish, not torn
        sc.setJobGroup(jobGroup, "epoch " + epoch + ": train", false);
        try (DivergenceWatch watch = DivergenceWatch.start(sc, jobGroup)) {
            try {
                fitting.accept(spark, batches);
            } catch (Exception e) { // Spark's SparkException is a checked one, thrown undeclared
                // the other workers' cancelled tasks finish their round first (see RunningTasks)
                RunningTasks.awaitNone(sc, CANCELLED_TASKS_WAIT);
                if (TrainingDivergedException.findIn(e) == null && watch.divergence().isPresent()) {
                    throw new TrainingDivergedException(watch.divergence().get());
                }
                throw e;
            }
            return spark.getScore();
        } finally {
            sc.clearJobGroup();
            batches.unpersist(false);
        }
    }

    /** {@code listener} hears of every averaging round from the next epoch on (null: nobody). */
    public void onRound(RoundListener listener) {
        this.rounds = listener;
    }

    /**
     * Spreads the learning-rate schedule over the configured epochs of {@code minibatchesPerEpoch}
     * minibatches (all workers'), and returns it: what the rate is at each step.
     */
    public ScheduledLearningRate scheduleOver(long minibatchesPerEpoch) {
        schedule = ScheduledLearningRate.of(config.schedule(), config.replicaLearningRate(replicas(sc, config)),
                config.epochs(), stepsPerEpoch(minibatchesPerEpoch, config.averagingFrequency(), replicas(sc, config)));
        return schedule;
    }

    /**
     * Each worker's steps in an epoch of {@code minibatches}, as DL4J's driver counts them: it splits the
     * minibatches into rounds of {@code averagingFrequency} x {@code replicas} (rounding down, at least one)
     * and advances the update count by {@code averagingFrequency} a round.
     */
    static long stepsPerEpoch(long minibatches, int averagingFrequency, int replicas) {
        long perRound = (long) averagingFrequency * replicas;
        return averagingFrequency * Math.max(1, minibatches / perRound);
    }

    /**
     * Minibatches one epoch of {@code images} makes across all workers: every partition's images in
     * batches of {@code batch-size}, the last one short. Counted on the executors (the images are cached),
     * so the driver's progress knows the exact total however unevenly the partitions came out.
     */
    public <T> long minibatchesPerEpoch(JavaRDD<T> images) {
        int batchSize = config.batchSize();
        sc.setJobDescription("count minibatches");
        try {
            return images.mapPartitions(it -> {
                long count = 0;
                for (; it.hasNext(); it.next()) {
                    count++;
                }
                return List.of((count + batchSize - 1) / batchSize).iterator();
            }).reduce(Long::sum);
        } finally {
            sc.setJobDescription(null);
        }
    }

    /**
     * Minibatches built on the executors from the compact images, shuffled within each partition. The
     * images going into them are counted in a named accumulator ({@link #BATCHED_COUNTER}), which the
     * Spark UI and listeners see: an epoch reads each image once.
     */
    JavaRDD<DataSet> minibatches(JavaRDD<byte[]> images, int epoch) {
        ImageShape shape = this.shape;
        int batchSize = config.batchSize();
        return shuffledBatches(images, epoch, all -> Batches.of(all.iterator(), shape, batchSize));
    }

    /** Like {@link #minibatches}, of labelled images with their one-hot classes, shuffled the same way. */
    JavaRDD<MultiDataSet> labelledMinibatches(JavaRDD<LabelledImage> images, int classes, int epoch) {
        ImageShape shape = this.shape;
        int batchSize = config.batchSize();
        return shuffledBatches(images, epoch, all -> Batches.labelled(all.iterator(), shape, classes, batchSize));
    }

    /** How a partition's shuffled items become minibatches, on an executor. */
    private interface PartitionBatches<T, B> extends Serializable {
        Iterator<B> of(List<T> shuffled);
    }

    private <T, B> JavaRDD<B> shuffledBatches(JavaRDD<T> images, int epoch, PartitionBatches<T, B> batches) {
        long seed = epochSeed(config.seed(), epoch);
        LongAccumulator batched = sc.sc().longAccumulator("epoch " + epoch + BATCHED_COUNTER);
        return images.mapPartitionsWithIndex((partition, it) -> {
            List<T> all = new ArrayList<>();
            it.forEachRemaining(all::add);
            batched.add(all.size());
            Batches.shuffle(all, seed * 1_000_003L + partition);
            return batches.of(all);
        }, true);
    }

    private ParameterAveragingTrainingMaster trainingMaster(int epoch) {
        Integer workers = config.workers() > 0 ? config.workers() : null;
        ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(workers, config.batchSize())
                .batchSizePerWorker(config.batchSize())
                .averagingFrequency(config.averagingFrequency())
                .workerPrefetchNumBatches(config.prefetch())
                // Direct: minibatches stay in executor memory; Export would need a shared file system
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.NumPartitionsWorkersDiffers)
                .storageLevel(StorageLevel.MEMORY_ONLY_SER())
                .saveUpdater(true)
                .rngSeed(epochSeed(config.seed(), epoch))
                .collectTrainingStats(false);
        ParameterAveragingTrainingMaster master = new ContinuingAveragingMaster(builder, outer, rounds);
        master.addHook(new FiniteLossCheck());
        return master;
    }

    static long epochSeed(long seed, int epoch) {
        return seed * 0x9E3779B97F4A7C15L + epoch;
    }
}
