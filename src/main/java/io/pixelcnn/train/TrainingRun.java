package io.pixelcnn.train;

import io.pixelcnn.cluster.JobProgress;
import io.pixelcnn.cluster.ProgressSink;
import io.pixelcnn.config.JobConfig;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.eval.BitsPerDim;
import io.pixelcnn.eval.Evaluation;
import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.io.StoragePaths;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop of {@code train}: fit an epoch, score train and test exactly, record the metrics,
 * checkpoint, copy the checkpoint of the best epoch to best.zip, stop early if asked, tell the {@link EpochListener} (the run report); at the end write the final model. Starts after the
 * last complete checkpoint.
 */
public final class TrainingRun {

    private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

    private final JavaSparkContext sc;
    private final JobConfig config;
    private final ImageShape shape;
    private final RunDirectory run;
    private final EpochListener listener;

    /** {@code listener} hears of every epoch once its metrics and checkpoint are written. */
    public TrainingRun(JavaSparkContext sc, JobConfig config, ImageShape shape, RunDirectory run, EpochListener listener) {
        this.sc = sc;
        this.config = config;
        this.shape = shape;
        this.run = run;
        this.listener = listener;
    }

    /** Trains from {@code from} to the configured number of epochs and writes the final model. */
    public ComputationGraph run(TrainingStart from, TrainingData data) throws IOException, InterruptedException {
        ComputationGraph model = from.model();
        MetricsLog metrics = from.metrics();
        int completedEpochs = from.completedEpochs();
        SparkTrainer trainer = new SparkTrainer(sc, config.train(), shape, from.outerVelocity());
        long trainImages = data.train().count();
        int epochs = config.train().epochs();
        long stepsPerEpoch = completedEpochs < epochs ? data.minibatchesPerEpoch(trainer) : 0;
        // a conditional run's every saved model carries its classes: a model.zip copied away still knows them
        Map<String, byte[]> classEntries = data.classes().map(ModelFiles::classEntries).orElse(Map.of());
        // the schedule spans the configured epochs, so a resume picks it up at the checkpoint's update count
        ScheduledLearningRate rate = trainer.scheduleOver(stepsPerEpoch);
        StepLog steps = StepLog.read(run, completedEpochs, sc.hadoopConfiguration());
        if (completedEpochs == 0) {
            // epoch 0: the untrained model, so every curve starts from where training started
            EpochMetrics untrained = score(model, 0, Double.NaN, 0, 0, Double.NaN, data);
            metrics.append(untrained);
            listener.epochDone(model, metrics.rows());
            log.info(progressLine(untrained, epochs));
        } else {
            keepBest(metrics); // a run stopped between an epoch's checkpoint and its copy to best.zip
        }
        for (int epoch = completedEpochs + 1; epoch <= epochs; epoch++) {
            Optional<String> stop = BestEpoch.of(metrics.rows())
                    .flatMap(best -> best.earlyStop(config.train().earlyStoppingPatience(), epochs));
            if (stop.isPresent()) {
                log.info(stop.get());
                break;
            }
            long start = System.nanoTime();
            double loss;
            // the rate of the next round's first step: the driver's update count moves once a round
            try (EpochProgress progress = progress(epoch, epochs, stepsPerEpoch,
                    () -> rate.rateAt(model.getConfiguration().getIterationCount()))) {
                trainer.onRound(new RoundRecorder(epoch, progress, steps, rate, shape.dims()));
                loss = fit(trainer, model, data, epoch, progress);
                progress.finish();
            }
            double trainSeconds = seconds(start);
            if (!Double.isFinite(loss)) {
                throw diverged(epoch, "the training loss became " + loss);
            }
            double lastRate = rate.rateAt(model.getConfiguration().getIterationCount() - 1L);
            EpochMetrics row = score(model, epoch, loss, trainImages, trainSeconds, lastRate, data);
            // metrics first, then the checkpoint: a resume drops rows whose checkpoint never landed
            metrics.append(row);
            run.saveModel(model, run.checkpoint(epoch), true,
                    withEntries(OuterOptimizer.checkpointEntries(trainer.outerVelocity()), classEntries));
            if (BestEpoch.of(metrics.rows()).orElseThrow().epoch() == epoch) {
                keepBest(metrics);
            }
            listener.epochDone(model, metrics.rows());
            log.info(progressLine(row, epochs));
        }
        run.saveModel(model, run.model(), false, classEntries);
        log.info("model written to {}", StoragePaths.shown(run.model()));
        return model;
    }

    /** Copies the checkpoint of the best epoch so far to best.zip. */
    private void keepBest(MetricsLog metrics) throws IOException {
        Optional<BestEpoch> best = BestEpoch.of(metrics.rows());
        if (best.isPresent()) {
            run.copy(run.checkpoint(best.get().epoch()), run.best());
        }
    }

    /** On a terminal one line updated every second; in a log a line every 30 seconds. */
    private EpochProgress progress(int epoch, int epochs, long steps, DoubleSupplier rate) {
        return new EpochProgress(sc, epoch, epochs, steps, shape.dims(), rate, ProgressSink.intervalMillis(),
                ProgressSink.forConsoleOr(log));
    }

    /** Both sets of entries in one map: they never share a name. */
    private static Map<String, byte[]> withEntries(Map<String, byte[]> some, Map<String, byte[]> more) {
        Map<String, byte[]> all = new LinkedHashMap<>(some);
        all.putAll(more);
        return all;
    }

    private double fit(SparkTrainer trainer, ComputationGraph model, TrainingData data, int epoch,
                       EpochProgress progress) throws IOException {
        try {
            return data.fitEpoch(trainer, model, epoch, progress.hook());
        } catch (Exception e) { // Spark's own exception is a checked one, thrown undeclared
            TrainingDivergedException diverged = TrainingDivergedException.findIn(e);
            if (diverged != null) {
                throw diverged(epoch, diverged.getMessage());
            }
            if (e instanceof java.io.UncheckedIOException unwritten) {
                throw unwritten.getCause(); // steps.csv could not be written: a storage failure, as any other
            }
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException("epoch " + epoch + " failed: " + e.getMessage(), e);
        }
    }

    private EpochMetrics score(ComputationGraph model, int epoch, double loss, long images, double trainSeconds,
                               double learningRate, TrainingData data) throws IOException {
        int batchSize = config.train().batchSize();
        long start = System.nanoTime();
        Evaluation trainScore;
        Evaluation testScore;
        try {
            sc.setJobDescription("epoch " + epoch + ": score training images");
            trainScore = data.scoreTrainEval(sc, model, batchSize);
            sc.setJobDescription("epoch " + epoch + ": score test images");
            testScore = data.scoreTest(sc, model, batchSize);
        } finally {
            sc.setJobDescription(null);
        }
        if (!Double.isFinite(trainScore.bitsPerDim()) || !Double.isFinite(testScore.bitsPerDim())) {
            throw diverged(epoch, "the model's bits/dim became " + trainScore.bitsPerDim());
        }
        return new EpochMetrics(epoch, trainScore.bitsPerDim(), testScore.bitsPerDim(),
                BitsPerDim.of(loss, 1, shape.dims()), images, trainSeconds, seconds(start), learningRate);
    }

    private TrainingDivergedException diverged(int epoch, String what) throws IOException {
        String kept = run.lastCheckpointEpoch().isPresent()
                ? "the last good checkpoint is " + StoragePaths.shown(run.checkpoint(run.lastCheckpointEpoch().getAsInt()))
                : "no checkpoint was written";
        return new TrainingDivergedException("epoch " + epoch + ": " + what + "; " + kept
                + " (try a lower learning-rate)");
    }

    static String progressLine(EpochMetrics row, int epochs) {
        if (row.epoch() == 0) {
            return String.format(Locale.ROOT, "epoch 0/%d  untrained: train %.4f bits/dim  test %.4f bits/dim  (%s eval)",
                    epochs, row.trainBitsPerDim(), row.testBitsPerDim(), duration(row.evalSeconds()));
        }
        return String.format(Locale.ROOT,
                "epoch %d/%d  train %.4f bits/dim  test %.4f bits/dim  %.0f images/s  lr %s  %s (+%s eval)",
                row.epoch(), epochs, row.trainBitsPerDim(), row.testBitsPerDim(), row.imagesPerSecond(),
                rate(row.learningRate()), duration(row.trainSeconds()), duration(row.evalSeconds()));
    }

    /** A learning rate as the progress lines and the report show it: three significant digits. */
    public static String rate(double learningRate) {
        return String.format(Locale.ROOT, "%.2e", learningRate);
    }

    static String duration(double seconds) {
        return JobProgress.duration(seconds);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
