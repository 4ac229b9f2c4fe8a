package io.pixelcnn.train;

import io.pixelcnn.eval.BitsPerDim;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Writes a row of {@code steps.csv} after each round of one epoch: what the round's tasks counted (once
 * each, from the epoch's {@link EpochProgress}), its time, and the rate of its last step.
 */
final class RoundRecorder implements RoundListener {

    private final int epoch;
    private final EpochProgress progress;
    private final StepLog log;
    private final ScheduledLearningRate rate;
    private final int dims;
    private final long imagesBefore;
    private EpochProgress.Totals before = new EpochProgress.Totals(0, 0, 0);
    private long roundStart = System.nanoTime();

    RoundRecorder(int epoch, EpochProgress progress, StepLog log, ScheduledLearningRate rate, int dims) {
        this.epoch = epoch;
        this.progress = progress;
        this.log = log;
        this.rate = rate;
        this.dims = dims;
        this.imagesBefore = log.images();
    }

    @Override
    public void roundDone(int round, int rounds, ComputationGraph model) {
        EpochProgress.Totals now = progress.totals();
        long steps = now.steps() - before.steps();
        long images = now.images() - before.images();
        long end = System.nanoTime();
        double seconds = (end - roundStart) / 1e9;
        int step = model.getConfiguration().getIterationCount();
        try {
            log.append(new StepMetrics(epoch, round, step, imagesBefore + now.images(),
                    steps > 0 ? BitsPerDim.of((now.lossSum() - before.lossSum()) / steps, 1, dims) : Double.NaN,
                    seconds > 0 ? images / seconds : 0, rate.rateAt(step - 1L)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        before = now;
        roundStart = end;
    }
}
