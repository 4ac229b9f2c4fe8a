package io.pixelcnn.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.LogisticMixture;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.sample.cached.CachedNetwork;
import io.pixelcnn.sample.cached.UnsupportedModelException;
import io.pixelcnn.testing.Causality;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The cached sampler draws with the windowed sampler's streams and draw, so for the same seed it gives the
 * same images (its distributions differ from the windowed ones only by float rounding, see
 * CachedNetworkTest, so a draw could differ only for a uniform within ~1e-7 of a CDF step: not in these
 * few thousand draws).
 */
class CachedSamplerTest {

    @Test
    void drawsTheWindowedSamplersImagesForTheSameSeedGrayscale() {
        assertSameImages(new ModelConfig(6, 2, 5, 3), new ImageShape(1, 6, 7), 3);
    }

    @Test
    void drawsTheWindowedSamplersImagesForTheSameSeedColour() {
        assertSameImages(new ModelConfig(4, 1, 3, 3), new ImageShape(3, 5, 6), 4);
    }

    @Test
    void drawsTheWindowedSamplersImagesForTheSameSeedGated() {
        assertSameImages(new ModelConfig(ModelFamily.GATED_PIXELCNN, 4, 1, 3, 3), new ImageShape(1, 6, 7), 5);
    }

    @Test
    void drawsTheWindowedSamplersImagesForTheSameSeedRowLstm() {
        assertSameImages(new ModelConfig(ModelFamily.ROW_LSTM, 4, 1, 3, 3), new ImageShape(1, 6, 7), 6);
    }

    @Test
    void drawsTheWindowedSamplersImagesForTheSameSeedDiagonalBiLstm() {
        assertSameImages(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 4, 2, 3, 3), new ImageShape(1, 6, 7), 7);
    }

    @Test
    void drawsTheWindowedSamplersImagesForTheSameSeedDiagonalBiLstmColour() {
        assertSameImages(new ModelConfig(ModelFamily.DIAGONAL_BILSTM, 4, 1, 3, 3), new ImageShape(3, 5, 6), 8);
    }

    @Test
    void drawsTheWindowedSamplersImagesForTheSameSeedLogisticMixture() {
        assertSameImages(new ModelConfig(6, 2, 5, 3).with(new LogisticMixture(5)), new ImageShape(1, 6, 7), 9);
        assertSameImages(new ModelConfig(ModelFamily.GATED_PIXELCNN, 4, 1, 3, 3).with(new LogisticMixture(3)),
                new ImageShape(3, 5, 6), 10);
    }

    private static void assertSameImages(ModelConfig config, ImageShape shape, long seed) {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(config, shape, 1e-3, seed));
        // batches of 2 over 5 images: a smaller last batch, and a start index other than 0
        List<byte[]> cached = new CachedSampler(model, shape, 2).sample(5, 5, seed);
        List<byte[]> windowed = new Sampler(model, shape, 5).sample(5, 5, seed);
        for (int i = 0; i < windowed.size(); i++) {
            assertArrayEquals(windowed.get(i), cached.get(i), "image " + i);
        }
        assertFalse(Arrays.equals(cached.get(0), cached.get(1)), "images of a batch differ");
    }

    @Test
    void completesAsTheWindowedSamplerDoesKeepingTheGivenRows() {
        ImageShape shape = new ImageShape(3, 6, 5);
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(new ModelConfig(ModelFamily.GATED_PIXELCNN,
                4, 1, 3, 3), shape, 1e-3, 6));
        List<byte[]> originals = new CachedSampler(model, shape, 3).sample(0, 3, 1);
        int keep = 2;
        List<byte[]> cached = new CachedSampler(model, shape, 2).complete(originals, keep, 9);
        List<byte[]> windowed = new Sampler(model, shape, 3).complete(originals, keep, 9);
        int plane = shape.height() * shape.width();
        for (int i = 0; i < originals.size(); i++) {
            assertArrayEquals(windowed.get(i), cached.get(i), "image " + i);
            for (int c = 0; c < shape.channels(); c++) {
                assertArrayEquals(Arrays.copyOfRange(originals.get(i), c * plane, c * plane + keep * shape.width()),
                        Arrays.copyOfRange(cached.get(i), c * plane, c * plane + keep * shape.width()));
            }
        }
    }

    @Test
    void everyModelFamilyGetsTheCachedSampler() {
        ImageShape shape = new ImageShape(1, 4, 4);
        for (ModelFamily family : ModelFamily.values()) {
            ImageGenerator generator = Samplers.forModel(ModelBuilder.build(new ModelConfig(family, 4, 1, 3, 3), shape,
                    1e-3, 1), shape, 2);
            assertInstanceOf(CachedSampler.class, generator, family.key());
        }
    }

    @Test
    void aGraphWithAVertexWithoutACachedFormIsRefusedByNameAndGetsTheWindowedSampler() {
        ImageShape shape = new ImageShape(1, 4, 4);
        GraphBuilder graph = ModelGraph.start(shape, new Adam(1e-3), DataType.FLOAT, 1);
        String entrance = ModelGraph.addEntrance(graph, shape, 3, 4);
        graph.addVertex("doubled", new ScaleVertex(2.0), entrance);
        ComputationGraph model = new ComputationGraph(ModelGraph.finish(graph, "doubled", 4, 4, 1));
        model.init();
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> CachedNetwork.of(model, shape, 2));
        assertEquals("vertex 'doubled': no cached form for ScaleVertex", e.getMessage());
        ImageGenerator windowed = Samplers.forModel(model, shape, 2);
        assertInstanceOf(Sampler.class, windowed);
        assertEquals(3, windowed.sample(0, 3, 1).size());
    }
}
