package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mixture's output layer against {@link LogisticMixture} sub-pixel by sub-pixel: colour channel c reads
 * its own 3K parameters, the output is the model's [N, C*256, H, W] distributions, the score the summed NLL
 * per image and the gradient the NLL's.
 */
class PixelLogisticMixtureTest {

    private static final int N = 2, H = 3, W = 4, K = 3, P = 3 * K, LEVELS = PixelLikelihood.LEVELS;

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void computesTheMixturesDistributionsScoreAndGradientForEverySubpixel(int channels) {
        Nd4j.getRandom().setSeed(6);
        INDArray parameters = Nd4j.randn(DataType.FLOAT, N, H, W, channels * P);
        INDArray image = Nd4j.rand(DataType.FLOAT, N, channels, H, W).muli(255).castTo(DataType.UINT8);
        IOutputLayer layer = layer(channels);
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(parameters, noWorkspaces);
        layer.setLabels(image);
        LogisticMixture mixture = new LogisticMixture(K);

        INDArray probabilities = layer.activate(false, noWorkspaces);
        assertArrayEquals(new long[]{N, channels * LEVELS, H, W}, probabilities.shape());
        INDArray nll = layer.computeScoreForExamples(0, noWorkspaces);
        INDArray delta = layer.backpropGradient(null, noWorkspaces).getSecond();
        assertArrayEquals(parameters.shape(), delta.shape());

        double[] flat = parameters.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] expectedNll = new double[N];
        double[] distribution = new double[LEVELS];
        double[] gradient = new double[P];
        for (int n = 0; n < N; n++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    for (int c = 0; c < channels; c++) {
                        int at = ((n * H + y) * W + x) * channels * P + c * P;
                        int value = image.getInt(n, c, y, x);
                        expectedNll[n] += mixture.negativeLogProbability(flat, at, value, gradient, 0);
                        for (int j = 0; j < P; j++) {
                            assertEquals(gradient[j], delta.getDouble(n, y, x, c * P + j), 1e-6);
                        }
                        mixture.distribution(flat, at, distribution, 0);
                        double sum = 0;
                        for (int v = 0; v < LEVELS; v++) {
                            float actual = probabilities.getFloat(n, c * LEVELS + v, y, x);
                            assertEquals(distribution[v], actual, 1e-7);
                            sum += actual;
                        }
                        assertEquals(1.0, sum, 1e-5);
                    }
                }
            }
        }
        for (int n = 0; n < N; n++) {
            assertEquals(expectedNll[n], nll.getDouble(n, 0), 1e-9 * expectedNll[n]);
        }
        assertEquals((expectedNll[0] + expectedNll[1]) / N, layer.computeScore(0, true, noWorkspaces), 1e-9);
    }

    private static IOutputLayer layer(int channels) {
        NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder()
                .layer(new PixelLogisticMixture(channels, K)).build();
        return (IOutputLayer) conf.getLayer().instantiate(conf, null, 0, null, true, DataType.FLOAT);
    }
}
