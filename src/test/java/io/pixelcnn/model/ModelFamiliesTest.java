package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import io.pixelcnn.testing.FashionMnist;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What every family promises, checked the same way for each: the autoregressive property (changing input
 * sub-pixel j leaves every output i <= j unchanged and changes a later one) fresh and trained, grayscale
 * and RGB; and that the model's reach (what the sampler cuts its window to) holds everything it reads.
 */
class ModelFamiliesTest {

    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void freshGrayscaleModelIsCausalAtEverySubpixel(ModelFamily family) {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(new ModelConfig(family, 6, 2, 5, 3),
                new ImageShape(1, 7, 8), 1e-3, 3));
        Causality.assertCausal(model, Causality.randomImage(1, 7, 8, 1), 1);
    }

    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void freshColourModelIsCausalInRowColumnChannelOrder(ModelFamily family) {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(new ModelConfig(family, 6, 2, 3, 3),
                new ImageShape(3, 5, 6), 1e-3, 4));
        Causality.assertCausal(model, Causality.randomImage(3, 5, 6, 2), 1);
    }

    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void trainedColourModelIsStillCausal(ModelFamily family) throws Exception {
        ImageShape shape = new ImageShape(3, FashionMnist.SIDE / 2, FashionMnist.SIDE / 2);
        ComputationGraph model = ModelBuilder.build(new ModelConfig(family, 6, 1, 5, 3), shape, 5e-3, 5);
        List<byte[]> images = FashionMnist.colourImages(FashionMnist.TRAIN_IMAGES, 160);
        INDArray before = model.params().dup();
        for (int start = 0; start < images.size(); start += 16) {
            INDArray batch = Batches.pixels(images.subList(start, start + 16), shape);
            model.fit(new DataSet(batch, batch));
        }
        assertTrue(model.params().sub(before).norm2Number().doubleValue() > 0.1, "training moved the parameters");
        INDArray image = Batches.pixels(images.subList(0, 1), shape).castTo(DataType.FLOAT);
        // every 5th of 588 sub-pixels: all rows, every column and channel over the stride pattern
        Causality.assertCausal(model, image, 5);
    }

    /**
     * The sampler runs each pass on the window of the model's reach: rows up to the current one, as many
     * above and columns either side as the reach says (all of them for the recurrent families). Every
     * position's distribution from its window must equal the whole image's.
     */
    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void outputFromTheReachWindowEqualsTheWholeImages(ModelFamily family) {
        ImageShape shape = new ImageShape(1, 11, 13);
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(new ModelConfig(family, 4, 2, 3, 3),
                shape, 1e-3, 6));
        Reach reach = Reach.of(model.getConfiguration());
        if (family == ModelFamily.PIXELCNN || family == ModelFamily.GATED_PIXELCNN) {
            assertTrue(reach.up() < shape.height() && reach.right() < shape.width(), "a convolutional reach is finite: " + reach);
        } else {
            assertEquals(Reach.UNBOUNDED, reach);
        }
        INDArray image = Causality.randomImage(1, shape.height(), shape.width(), 8);
        INDArray full = model.outputSingle(image);
        for (int row = 0; row < shape.height(); row++) {
            for (int col = 0; col < shape.width(); col += 2) {
                int top = Math.max(0, row - reach.up());
                int left = Math.max(0, col - reach.left());
                int right = (int) Math.min(shape.width(), (long) col + reach.right() + 1);
                INDArray window = image.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(top, row + 1),
                        NDArrayIndex.interval(left, right)).dup();
                INDArray windowed = model.outputSingle(window).get(NDArrayIndex.point(0), NDArrayIndex.all(),
                        NDArrayIndex.point(row - top), NDArrayIndex.point(col - left));
                INDArray expected = full.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(row),
                        NDArrayIndex.point(col));
                assertEquals(0.0, windowed.sub(expected).amaxNumber().doubleValue(), 1e-6,
                        family + " at row " + row + " col " + col);
            }
        }
    }
}
