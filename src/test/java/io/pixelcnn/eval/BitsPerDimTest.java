package io.pixelcnn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Distributed evaluation on real Spark (local[2]) and real Fashion-MNIST test images. */
class BitsPerDimTest {

    private static final int IMAGES = 300;
    private static final ImageShape SHAPE = new ImageShape(1, 28, 28);

    private static JavaSparkContext sc;
    private static ComputationGraph model;
    private static List<byte[]> images;
    private static double singleJvmNats;

    @BeforeAll
    static void setUp() throws Exception {
        sc = LocalSpark.start("bits-per-dim-test");
        model = ModelBuilder.build(new ModelConfig(8, 2, 7, 3), SHAPE, 1e-3, 9);
        INDArray logits = model.getLayer(ModelGraph.LOGITS).getParam("W");
        logits.assign(Nd4j.randn(DataType.FLOAT, logits.shape()).muli(0.2)); // not the uniform start
        images = FashionMnist.images(FashionMnist.TEST_IMAGES, IMAGES);
        singleJvmNats = singleJvmNats(model, images);
    }

    @AfterAll
    static void tearDown() {
        sc.stop();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8})
    void distributedSumEqualsSingleJvmSum(int partitions) {
        Evaluation result;
        try (ImageData data = ImageData.load(sc, DatasetSpec.of(FashionMnist.TEST_IMAGES.toString(), IMAGES), partitions, 5)) {
            result = BitsPerDim.evaluate(sc, data.images(), SHAPE, model, 32);
        }

        assertEquals(partitions, result.partitions());
        assertEquals(IMAGES, result.images());
        assertEquals(784, result.dimsPerImage());
        assertEquals(singleJvmNats, result.nllNatsTotal(), 1e-5 * singleJvmNats);
        assertEquals(singleJvmNats / (IMAGES * 784 * Math.log(2)), result.bitsPerDim(), 1e-5 * result.bitsPerDim());
        assertTrue(result.ci95Low() < result.bitsPerDim() && result.bitsPerDim() < result.ci95High());
    }

    @Test
    void untrainedModelWithZeroLastLayerScoresExactlyEightBitsPerDim() {
        ComputationGraph uniform = ModelBuilder.build(new ModelConfig(8, 2, 7, 3), SHAPE, 1e-3, 10);
        assertEquals(0.0, uniform.getLayer(ModelGraph.LOGITS).params().norm2Number().doubleValue());
        JavaRDD<byte[]> rdd = sc.parallelize(images, 3);
        Evaluation result = BitsPerDim.evaluate(sc, rdd, SHAPE, uniform, 64);
        assertEquals(8.0, result.bitsPerDim(), 1e-12);
        assertEquals(0.0, result.perImageStdDev(), 1e-5); // sum-of-squares cancellation leaves ~1e-7
    }

    @Test
    void jsonHasTheFieldsTheIssueNames() {
        Evaluation result = BitsPerDim.evaluate(sc, sc.parallelize(images.subList(0, 40), 2), SHAPE, model, 16);
        String json = result.toJson();
        for (String field : new String[]{"bits_per_dim", "nll_nats_total", "images", "dims_per_image", "partitions",
                "bits_per_dim_ci95"}) {
            assertTrue(json.contains("\"" + field + "\""), json);
        }
    }

    /** Reference: one image at a time through the model's public output, -ln p(pixel), summed in double. */
    private static double singleJvmNats(ComputationGraph model, List<byte[]> images) {
        double total = 0;
        for (byte[] image : images) {
            INDArray pixels = Nd4j.create(DataType.FLOAT, 1, 1, 28, 28);
            for (int i = 0; i < 784; i++) {
                pixels.putScalar(new int[]{0, 0, i / 28, i % 28}, image[i] & 0xff);
            }
            float[] probabilities = model.outputSingle(pixels).dup('c').data().asFloat(); // [1, 256, 28, 28]
            for (int i = 0; i < 784; i++) {
                total -= Math.log(probabilities[(image[i] & 0xff) * 784 + i]);
            }
        }
        return total;
    }
}
