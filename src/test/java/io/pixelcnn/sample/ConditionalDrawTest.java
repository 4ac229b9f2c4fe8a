package io.pixelcnn.sample;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sub-pixel either sampler generates, from a model with random logits, is drawn from the model's
 * distribution given every sub-pixel before it, with the next uniform of the image's own stream
 * ({@link Replay}): for {@code sample} from a start index other than 0, and for {@code complete}, whose given
 * rows use no uniforms.
 */
class ConditionalDrawTest {

    private static final long SEED = 21;
    /** The two samplers, in batches of 2 (so 5 images make a short last batch). */
    static final BiFunction<ComputationGraph, ImageShape, ImageGenerator> CACHED = (m, s) -> new CachedSampler(m, s, 2);
    static final BiFunction<ComputationGraph, ImageShape, ImageGenerator> WINDOWED = (m, s) -> new Sampler(m, s, 2);

    static Stream<Arguments> setups() {
        BiFunction<ComputationGraph, ImageShape, ImageGenerator> cached = CACHED;
        BiFunction<ComputationGraph, ImageShape, ImageGenerator> windowed = WINDOWED;
        ModelConfig pixelCnn = new ModelConfig(4, 1, 3, 3);
        ModelConfig rowLstm = new ModelConfig(ModelFamily.ROW_LSTM, 4, 1, 3, 3);
        ImageShape colour = new ImageShape(3, 4, 5);
        ImageShape grey = new ImageShape(1, 5, 6);
        return Stream.of(
                Arguments.of("cached, PixelCNN, RGB", cached, pixelCnn, colour),
                Arguments.of("windowed, PixelCNN, RGB", windowed, pixelCnn, colour),
                Arguments.of("cached, Row LSTM, grayscale", cached, rowLstm, grey),
                Arguments.of("windowed, Row LSTM, grayscale", windowed, rowLstm, grey));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void sampledSubpixelsAreTheModelsConditionalDraws(String what,
                                                      BiFunction<ComputationGraph, ImageShape, ImageGenerator> sampler,
                                                      ModelConfig config, ImageShape shape) {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(config, shape, 1e-3, 3));
        // 5 images in batches of 2: image i is index 7 + i whatever its batch
        List<byte[]> images = sampler.apply(model, shape).sample(7, 5, SEED);
        Replay.assertDrawnFromTheModel(model, shape, images, SEED, 7, 0, what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void completedSubpixelsAreTheModelsConditionalDrawsGivenTheKeptRows(String what,
            BiFunction<ComputationGraph, ImageShape, ImageGenerator> sampler, ModelConfig config, ImageShape shape) {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(config, shape, 1e-3, 4));
        ImageGenerator generator = sampler.apply(model, shape);
        List<byte[]> given = generator.sample(0, 3, 1);
        int keep = 2;
        Replay.assertDrawnFromTheModel(model, shape, generator.complete(given, keep, SEED), SEED, 0, keep, what);
    }
}
