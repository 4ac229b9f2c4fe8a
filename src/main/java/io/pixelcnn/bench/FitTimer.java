package io.pixelcnn.bench;

import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs on the workers around every minibatch's fit and adds its nanoseconds to a named accumulator, which
 * Spark reports per task to listeners: what of a task's run time is the fit itself, the rest being the
 * round's setup on the executor (broadcast read, model rebuild, minibatch read).
 */
final class FitTimer implements TrainingHook {

    private static final long serialVersionUID = 1L;

    private final LongAccumulator fitNanos;
    /** Per deserialised copy, i.e. per task: when the current minibatch's fit began. */
    private transient long started;

    FitTimer(LongAccumulator fitNanos) {
        this.fitNanos = fitNanos;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        started = System.nanoTime();
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        // at least 1: a task that fitted reports an update, which is how a training task is told apart
        fitNanos.add(Math.max(1, System.nanoTime() - started));
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        started = System.nanoTime();
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        fitNanos.add(Math.max(1, System.nanoTime() - started));
    }
}
