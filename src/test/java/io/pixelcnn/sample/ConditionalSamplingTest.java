package io.pixelcnn.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.LogisticMixture;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import io.pixelcnn.testing.ConditionalModels;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sampling given a class: both samplers draw every sub-pixel of a class-conditional model from the full
 * forward pass's distribution given that class ({@link Replay} with the one-hot input), grey and RGB, both
 * likelihoods; the class steers the images; and the classes must fit the model.
 */
class ConditionalSamplingTest {

    private static final long SEED = 23;
    private static final List<String> THREE = List.of("a", "b", "c");
    /** Image i takes the (i mod 3)-th of c, a, b: image 7 is a, 8 b, 9 c. */
    private static final ImageClasses ASKED = ImageClasses.cycling(THREE, 2, 0, 1);

    static Stream<Arguments> setups() {
        var cached = ConditionalDrawTest.CACHED;
        var windowed = ConditionalDrawTest.WINDOWED;
        LogisticMixture mixture = new LogisticMixture(3);
        ModelConfig pixelCnn = new ModelConfig(4, 1, 3, 3).conditionedOn(THREE.size());
        ModelConfig gatedMixture = new ModelConfig(ModelFamily.GATED_PIXELCNN, 4, 1, 3, 3).with(mixture)
                .conditionedOn(THREE.size());
        ModelConfig rowLstmMixture = new ModelConfig(ModelFamily.ROW_LSTM, 4, 1, 3, 3).with(mixture)
                .conditionedOn(THREE.size());
        ImageShape colour = new ImageShape(3, 4, 5);
        ImageShape grey = new ImageShape(1, 5, 6);
        return Stream.of(
                Arguments.of("cached, PixelCNN, softmax, RGB", cached, pixelCnn, colour),
                Arguments.of("windowed, PixelCNN, softmax, RGB", windowed, pixelCnn, colour),
                Arguments.of("cached, PixelCNN, softmax, grey", cached, pixelCnn, grey),
                Arguments.of("windowed, PixelCNN, softmax, grey", windowed, pixelCnn, grey),
                Arguments.of("cached, Gated PixelCNN, mixture, RGB", cached, gatedMixture, colour),
                Arguments.of("windowed, Gated PixelCNN, mixture, RGB", windowed, gatedMixture, colour),
                Arguments.of("cached, Row LSTM, mixture, grey", cached, rowLstmMixture, grey),
                Arguments.of("windowed, Row LSTM, mixture, grey", windowed, rowLstmMixture, grey));
    }

    private static ComputationGraph model(ModelConfig config, ImageShape shape, long seed) {
        return ConditionalModels.randomClassRows(Causality.randomLogits(ModelBuilder.build(config, shape, 1e-3, seed)),
                seed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void sampledSubpixelsAreTheFullPassesDrawsGivenEachImagesClass(String what,
            BiFunction<ComputationGraph, ImageShape, ImageGenerator> sampler, ModelConfig config, ImageShape shape) {
        ComputationGraph model = model(config, shape, 3);
        // 5 images in batches of 2 from index 7: classes by index, whatever the batch
        List<byte[]> images = sampler.apply(model, shape).sample(7, 5, SEED, ASKED);
        Replay.assertDrawnFromTheModel(model, shape, images, SEED, 7, 0, ASKED, what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void completedSubpixelsAreTheFullPassesDrawsGivenTheClassAndTheKeptRows(String what,
            BiFunction<ComputationGraph, ImageShape, ImageGenerator> sampler, ModelConfig config, ImageShape shape) {
        ComputationGraph model = model(config, shape, 4);
        ImageGenerator generator = sampler.apply(model, shape);
        List<byte[]> given = generator.sample(0, 3, 1, ASKED);
        int keep = 2;
        ImageClasses asB = ImageClasses.cycling(THREE, 1);
        List<byte[]> completed = generator.complete(given, keep, SEED, asB);
        Replay.assertDrawnFromTheModel(model, shape, completed, SEED, 0, keep, asB, what);
    }

    @Test
    void cachedAndWindowedSamplersDrawTheSameImagesGivenTheSameClasses() {
        ImageShape shape = new ImageShape(3, 4, 5);
        ComputationGraph model = model(new ModelConfig(ModelFamily.GATED_PIXELCNN, 4, 1, 3, 3)
                .conditionedOn(THREE.size()), shape, 5);
        List<byte[]> cached = new CachedSampler(model, shape, 2).sample(0, 5, SEED, ASKED);
        List<byte[]> windowed = new Sampler(model, shape, 5).sample(0, 5, SEED, ASKED);
        for (int i = 0; i < cached.size(); i++) {
            assertArrayEquals(windowed.get(i), cached.get(i), "image " + i);
        }
        List<byte[]> otherClass = new CachedSampler(model, shape, 2).sample(0, 5, SEED, ImageClasses.cycling(THREE, 1));
        assertFalse(Arrays.equals(cached.get(0), otherClass.get(0)), "the same stream in another class, another image");
    }

    @Test
    void thePlantedClassDecidesDarkOrLight() {
        ImageShape shape = new ImageShape(1, 6, 6);
        ComputationGraph model = ConditionalModels.darkOrLight(shape);
        List<String> names = ConditionalModels.DARK_LIGHT.names();
        for (ImageGenerator generator : List.of(new CachedSampler(model, shape, 4), new Sampler(model, shape, 4))) {
            // dark, light, dark, light: the images take the classes asked in turn
            List<byte[]> images = generator.sample(0, 4, SEED, ImageClasses.cycling(names, 0, 1));
            for (int i = 0; i < images.size(); i++) {
                for (byte pixel : images.get(i)) {
                    int level = pixel & 0xff;
                    assertTrue(i % 2 == 0 ? level < 32 : level > 223, generator.getClass().getSimpleName()
                            + " image " + i + " (" + names.get(i % 2) + "): level " + level);
                }
            }
        }
    }

    @Test
    void theClassesMustFitTheModel() {
        ImageShape shape = new ImageShape(1, 3, 3);
        ComputationGraph conditional = ModelBuilder.build(new ModelConfig(2, 1, 3, 3).conditionedOn(THREE.size()),
                shape, 1e-3, 1);
        ComputationGraph unconditional = ModelBuilder.build(new ModelConfig(2, 1, 3, 3), shape, 1e-3, 1);
        for (ImageGenerator generator : List.of(new CachedSampler(conditional, shape, 2),
                new Sampler(conditional, shape, 2))) {
            assertEquals("the model is class-conditional (3 classes): give each image's class",
                    assertThrows(IllegalArgumentException.class, () -> generator.sample(0, 1, 1)).getMessage());
            assertEquals("4 class names for a model of 3 classes", assertThrows(IllegalArgumentException.class,
                    () -> generator.sample(0, 1, 1, ImageClasses.cycling(List.of("a", "b", "c", "d"), 3)))
                    .getMessage());
        }
        for (ImageGenerator generator : List.of(new CachedSampler(unconditional, shape, 2),
                new Sampler(unconditional, shape, 2))) {
            assertEquals("the model is not class-conditional: it takes no classes", assertThrows(
                    IllegalArgumentException.class, () -> generator.complete(List.of(new byte[9]), 1, 1,
                            ImageClasses.cycling(THREE, 0))).getMessage());
        }
    }
}
