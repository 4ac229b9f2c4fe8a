package io.pixelcnn.bench;

import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs on the workers after every minibatch's fit and adds its images to an accumulator: the images the
 * model was really trained on, as opposed to the images handed to Spark (what the budget figures report).
 */
final class FittedImages implements TrainingHook {

    private static final long serialVersionUID = 1L;

    private final LongAccumulator images;

    FittedImages(LongAccumulator images) {
        this.images = images;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        // counted once fitted
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        images.add(minibatch.numExamples());
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        // counted once fitted
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        images.add(minibatch.getFeatures(0).size(0));
    }
}
