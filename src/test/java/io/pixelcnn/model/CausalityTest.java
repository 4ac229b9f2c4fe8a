package io.pixelcnn.model;

import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import io.pixelcnn.testing.FashionMnist;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Changing input sub-pixel j leaves every output i <= j unchanged and changes a later one. */
class CausalityTest {

    @Test
    void freshGrayscaleModelIsCausalAtEverySubpixel() {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(new ModelConfig(8, 2, 5, 3), new ImageShape(1, 9, 8), 1e-3, 3));
        Causality.assertCausal(model, Causality.randomImage(1, 9, 8, 1), 1);
    }

    @Test
    void freshColourModelIsCausalInRowColumnChannelOrder() {
        ComputationGraph model = Causality.randomLogits(ModelBuilder.build(new ModelConfig(6, 2, 3, 3), new ImageShape(3, 6, 5), 1e-3, 4));
        Causality.assertCausal(model, Causality.randomImage(3, 6, 5, 2), 1);
    }

    @Test
    void freshLogisticMixtureModelsAreCausalInGrayscaleAndColour() {
        ModelConfig mixture = new ModelConfig(6, 2, 3, 3).with(new LogisticMixture(3));
        Causality.assertCausal(Causality.randomLogits(ModelBuilder.build(mixture, new ImageShape(1, 7, 6), 1e-3, 3)),
                Causality.randomImage(1, 7, 6, 1), 1);
        Causality.assertCausal(Causality.randomLogits(ModelBuilder.build(mixture.as(ModelFamily.GATED_PIXELCNN),
                new ImageShape(3, 5, 4), 1e-3, 4)), Causality.randomImage(3, 5, 4, 2), 1);
    }

    @Test
    void trainedModelIsStillCausal() throws Exception {
        ImageShape shape = new ImageShape(1, FashionMnist.SIDE, FashionMnist.SIDE);
        ComputationGraph model = ModelBuilder.build(new ModelConfig(8, 2, 7, 3), shape, 3e-3, 5);
        List<byte[]> images = FashionMnist.images(FashionMnist.TRAIN_IMAGES, 640);
        for (int start = 0; start < images.size(); start += 32) {
            INDArray batch = Batches.pixels(images.subList(start, start + 32), shape);
            model.fit(new DataSet(batch, batch));
        }
        INDArray image = Batches.pixels(images.subList(0, 1), shape).castTo(DataType.FLOAT);
        // every 7th sub-pixel: all rows, and every column position within a row over the stride pattern
        Causality.assertCausal(model, image, 7);
    }
}
