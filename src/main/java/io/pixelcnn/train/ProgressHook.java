package io.pixelcnn.train;

import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs on the workers after every minibatch and counts it into Spark accumulators, which reach the
 * driver whenever a round of parameter averaging completes: that is what the driver's progress reads.
 */
final class ProgressHook implements TrainingHook {

    private static final long serialVersionUID = 1L;

    private final LongAccumulator steps;
    private final LongAccumulator images;
    private final DoubleAccumulator lossSum;

    ProgressHook(LongAccumulator steps, LongAccumulator images, DoubleAccumulator lossSum) {
        this.steps = steps;
        this.images = images;
        this.lossSum = lossSum;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        // counted once fitted
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        count(minibatch.numExamples(), model);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        // counted once fitted
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        count(minibatch.getFeatures(0).size(0), model);
    }

    private void count(long examples, Model model) {
        steps.add(1);
        images.add(examples);
        lossSum.add(model.score());
    }
}
