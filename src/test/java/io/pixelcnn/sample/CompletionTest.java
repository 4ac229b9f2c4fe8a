package io.pixelcnn.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.PixelSoftmax;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code complete} keeps the given rows exactly, in every channel, and generates every other sub-pixel and only
 * those; neither sampler touches the caller's images. (That the generated ones are the model's draws given
 * the kept rows is {@link ConditionalDrawTest}'s.)
 */
class CompletionTest {

    private static final ImageShape SHAPE = new ImageShape(3, 5, 4);
    /** The level a point-mass model draws everywhere, and that no given image holds. */
    private static final int DRAWN = 77;

    static Stream<Arguments> samplers() {
        BiFunction<ComputationGraph, ImageShape, ImageGenerator> cached = (m, s) -> new CachedSampler(m, s, 2);
        BiFunction<ComputationGraph, ImageShape, ImageGenerator> windowed = (m, s) -> new Sampler(m, s, 2);
        return Stream.of(Arguments.of("cached", cached), Arguments.of("windowed", windowed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void keepsTheGivenRowsExactlyAndDrawsEveryOtherSubpixel(
            String what, BiFunction<ComputationGraph, ImageShape, ImageGenerator> sampler) {
        double[][] weights = new double[SHAPE.channels()][PixelSoftmax.LEVELS];
        for (double[] channel : weights) {
            channel[DRAWN] = 1;
        }
        ImageGenerator generator = sampler.apply(FixedCategorical.model(SHAPE, weights), SHAPE);
        List<byte[]> given = givenImages(3);
        List<byte[]> copies = given.stream().map(byte[]::clone).toList();
        int plane = SHAPE.height() * SHAPE.width();
        for (int keep = 0; keep <= SHAPE.height(); keep++) {
            List<byte[]> completed = generator.complete(given, keep, 5);
            assertEquals(given.size(), completed.size());
            for (int i = 0; i < given.size(); i++) {
                for (int at = 0; at < SHAPE.dims(); at++) {
                    boolean kept = at % plane < keep * SHAPE.width();
                    assertEquals(kept ? given.get(i)[at] & 0xff : DRAWN, completed.get(i)[at] & 0xff,
                            what + ", keep " + keep + ", image " + i + ", channel " + at / plane
                                    + ", row " + at % plane / SHAPE.width() + ", column " + at % SHAPE.width());
                }
            }
        }
        for (int i = 0; i < given.size(); i++) {
            assertArrayEquals(copies.get(i), given.get(i), what + ": the given image " + i + " was changed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void completingFromRowZeroIsSamplingImagesZeroOn(String what,
                                                     BiFunction<ComputationGraph, ImageShape, ImageGenerator> sampler) {
        // nothing of the given images is read, and image i draws from the stream of index i
        ImageGenerator generator = sampler.apply(Causality.randomLogits(ModelBuilder.build(new ModelConfig(4, 1, 3, 3),
                SHAPE, 1e-3, 8)), SHAPE);
        List<byte[]> completed = generator.complete(givenImages(3), 0, 9);
        List<byte[]> sampled = generator.sample(0, 3, 9);
        for (int i = 0; i < sampled.size(); i++) {
            assertArrayEquals(sampled.get(i), completed.get(i), what + ", image " + i);
        }
    }

    @Test
    void theOccludedImageHidesExactlyTheRowsToBeDrawnInEveryChannel() {
        byte[] image = givenImages(1).get(0);
        int keep = 2;
        byte[] hidden = Completions.occluded(image, SHAPE, keep);
        int plane = SHAPE.height() * SHAPE.width();
        for (int at = 0; at < SHAPE.dims(); at++) {
            boolean kept = at % plane < keep * SHAPE.width();
            assertEquals(kept ? image[at] & 0xff : Completions.OCCLUDED & 0xff, hidden[at] & 0xff, "sub-pixel " + at);
        }
    }

    /** Random images without the level {@link #DRAWN}, so a kept sub-pixel never looks drawn. */
    private static List<byte[]> givenImages(int count) {
        Random random = new Random(4);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] image = new byte[SHAPE.dims()];
            for (int at = 0; at < image.length; at++) {
                int level = random.nextInt(PixelSoftmax.LEVELS - 1);
                image[at] = (byte) (level >= DRAWN ? level + 1 : level);
            }
            images.add(image);
        }
        return images;
    }
}
