package io.pixelcnn.bench;

/**
 * What {@code bench --class-fidelity} measures.
 *
 * @param model            a class-conditional run directory or model zip, as {@code sample --model} reads it
 * @param samplesPerClass  images drawn in each of the model's classes
 * @param judgeEpochs      passes of the judge over its training images
 * @param judgeImages      training images the judge learns from (0: all)
 * @param testImages       test images the judge is scored on (0: all)
 * @param sampleBatch      images the sampler draws together
 * @param seed             the judge's initialisation and shuffling, and the draws
 * @param dataDir          the IDX files {@code train-images-idx3-ubyte.gz} and {@code t10k-images-idx3-ubyte.gz}
 *                         with their label files
 * @param logDir           where the results are written
 */
public record ClassFidelitySettings(String model, int samplesPerClass, int judgeEpochs, long judgeImages,
                                    long testImages, int sampleBatch, long seed, String dataDir, String logDir) {

    public ClassFidelitySettings {
        if (samplesPerClass < 1 || judgeEpochs < 1 || judgeImages < 0 || testImages < 0 || sampleBatch < 1) {
            throw new IllegalArgumentException("--fidelity-samples, --classifier-epochs and --sample-batch must be at "
                    + "least 1, --classifier-images and --eval-images 0 (all) or more");
        }
    }

    String trainImages() {
        return dataDir + "/train-images-idx3-ubyte.gz";
    }

    String testImagesFile() {
        return dataDir + "/t10k-images-idx3-ubyte.gz";
    }
}
