package io.pixelcnn.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bench --scaling} measures: every N of {@code replicas} trains the same {@code images} (in
 * {@code passes} passes over the first images / passes training images), for every seed, and is scored on
 * {@code evalImages} test images after each pass.
 *
 * @param replicas           the values of N
 * @param seeds              one run per seed and method: the spread of the figures
 * @param images             training images each run sees in all (one model's and N replicas' alike)
 * @param passes             passes over the training subset; a test score after each
 * @param batch              images per minibatch of one replica (B)
 * @param learningRate       Adam's learning rate for batch B
 * @param averagingFrequency minibatches per replica between averagings
 * @param learningRateScaling train's rule for the replicas' learning rate (null: the conf file's default)
 * @param outerLearningRate  the outer optimizer's (null: the conf file's default)
 * @param outerMomentum      the outer optimizer's, a number or auto (null: the conf file's default)
 * @param evalImages         test images scored after each pass
 * @param dataDir            Fashion-MNIST's IDX files
 * @param logDir             run directories and console logs
 */
record ScalingSettings(List<Integer> replicas, List<Long> seeds, long images, int passes, int batch,
                       double learningRate, int averagingFrequency, String learningRateScaling,
                       Double outerLearningRate, String outerMomentum,
                       int evalImages, String dataDir, String logDir) {

    /** Training images each pass reads: the first images / passes of the training set. */
    long imagesPerPass() {
        return images / passes;
    }

    /** train's options for the defaults' run: only what bench was told. */
    List<String> outerOptions() {
        List<String> options = new ArrayList<>();
        if (learningRateScaling != null) {
            options.addAll(List.of("--learning-rate-scaling", learningRateScaling));
        }
        if (outerLearningRate != null) {
            options.addAll(List.of("--outer-learning-rate", Double.toString(outerLearningRate)));
        }
        if (outerMomentum != null) {
            options.addAll(List.of("--outer-momentum", outerMomentum));
        }
        return options;
    }
}
