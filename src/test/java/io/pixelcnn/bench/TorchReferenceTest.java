package io.pixelcnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.InvalidConfigException;
import io.pixelcnn.config.AdamMemory;
import io.pixelcnn.config.LearningRateScaling;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.SoftmaxLikelihood;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.FashionMnist;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's own PyTorch reference, run from the copy inside the class path (as from the jar): it
 * builds a model with the project's number of parameters (the count, not layer by layer), trains exactly the
 * images asked for the equal-images figure, and the evaluation helper imports it. Needs PyTorch, which only
 * {@code bench} requires: without it the test is skipped, and CommandLine-level tests still check that a
 * missing torch is a one-line usage error. CI does not install it: Debian's python3-torch pulls in about 245
 * packages for this one test of the plumbing.
 */
class TorchReferenceTest {

    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void bundledReferenceTrainsAndScoresTheProjectsArchitecture(@TempDir Path logs) throws Exception {
        TorchReference reference;
        try {
            reference = TorchReference.choose(TorchReference.BUNDLED, PYTHON);
        } catch (InvalidConfigException noTorch) {
            Assumptions.abort(noTorch.getMessage());
            return;
        }
        BenchSettings settings = new BenchSettings(ModelFamily.PIXELCNN, SoftmaxLikelihood.INSTANCE, 8, 2, 8, 1, 2, 1e-3, LearningRateScaling.NONE, 0, AdamMemory.STEPS, 2, 64, 64, 1, 8, 0, 20, 1, 4,
                FashionMnist.DIR.toString(), logs.toString());

        Map<String, Object> trained = reference.train(settings, logs);
        assertEquals("pixelcnn-spark", trained.get("reference"), "the bundled script ran: " + trained);
        long projectParams = ModelBuilder.build(settings.model(), new ImageShape(1, 28, 28), 1e-3, 1).numParams();
        assertEquals(projectParams, ((Number) trained.get("params")).longValue(), "same architecture, same parameters");
        assertTrue(((Number) trained.get("train_images_per_s")).doubleValue() > 0, trained.toString());

        // the equal-images run: exactly 20 images (steps of 8, 8 and 4) from a fresh model, then the 64 test images
        Map<String, Object> equalImages = reference.trainForImages(settings, logs);
        assertEquals(List.of(20, 3, 64), List.of(((Number) equalImages.get("train_images")).intValue(),
                ((Number) equalImages.get("train_steps")).intValue(), ((Number) equalImages.get("test_images")).intValue()),
                equalImages.toString());
        assertTrue(((Number) equalImages.get("bits_per_dim")).doubleValue() > 0, equalImages.toString());

        Map<String, Object> scored = reference.evaluateAndSample(settings, logs);
        assertEquals(64, ((Number) scored.get("eval_images")).intValue(), scored.toString());
        assertTrue(((Number) scored.get("sample_images_per_s")).doubleValue() > 0, scored.toString());
    }
}
