package io.pixelcnn.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs on the workers after every minibatch and stops training the moment a loss is NaN or infinite:
 * one step is enough to poison the averaged parameters, and every later step would be wasted.
 */
final class FiniteLossCheck implements TrainingHook {

    private static final long serialVersionUID = 1L;

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        // checked after the step
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        check(model);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        // checked after the step
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        check(model);
    }

    private static void check(Model model) {
        double loss = model.score();
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("a minibatch's loss became " + loss);
        }
    }
}
