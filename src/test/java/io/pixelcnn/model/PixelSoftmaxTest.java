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

/** The output layer against a plain-Java softmax and cross-entropy. */
class PixelSoftmaxTest {

    private static final int N = 2, H = 3, W = 4, LEVELS = PixelSoftmax.LEVELS;

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void matchesPlainSoftmaxCrossEntropy(int channels) {
        Nd4j.getRandom().setSeed(5);
        INDArray logits = Nd4j.randn(DataType.FLOAT, N, H, W, channels * LEVELS).muli(3);
        INDArray image = Nd4j.rand(DataType.FLOAT, N, channels, H, W).muli(255).castTo(DataType.UINT8);
        IOutputLayer layer = layer(channels);
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(logits, noWorkspaces);
        layer.setLabels(image);

        float[] z = logits.dup('c').data().asFloat();
        double[] expectedProbability = new double[z.length];
        double[] expectedNll = new double[N];
        float[] expectedDelta = new float[z.length];
        for (int n = 0; n < N; n++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    for (int c = 0; c < channels; c++) {
                        int row = (((n * H + y) * W + x) * channels + c) * LEVELS;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int v = 0; v < LEVELS; v++) max = Math.max(max, z[row + v]);
                        double sum = 0;
                        for (int v = 0; v < LEVELS; v++) sum += Math.exp(z[row + v] - max);
                        int label = image.getInt(n, c, y, x);
                        for (int v = 0; v < LEVELS; v++) {
                            double p = Math.exp(z[row + v] - max) / sum;
                            expectedProbability[row + v] = p;
                            expectedDelta[row + v] = (float) (p - (v == label ? 1 : 0));
                        }
                        expectedNll[n] -= z[row + label] - max - Math.log(sum);
                    }
                }
            }
        }

        INDArray probabilities = layer.activate(false, noWorkspaces);
        assertArrayEquals(new long[]{N, channels * LEVELS, H, W}, probabilities.shape());
        for (int n = 0; n < N; n++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    for (int k = 0; k < channels * LEVELS; k++) {
                        int flat = ((n * H + y) * W + x) * channels * LEVELS + k;
                        assertEquals(expectedProbability[flat], probabilities.getDouble(n, k, y, x), 1e-6);
                    }
                }
            }
        }

        INDArray nll = layer.computeScoreForExamples(0, noWorkspaces);
        for (int n = 0; n < N; n++) {
            assertEquals(expectedNll[n], nll.getDouble(n, 0), 1e-7 * expectedNll[n]); // float softmax
        }
        assertEquals((expectedNll[0] + expectedNll[1]) / N, layer.computeScore(0, true, noWorkspaces), 1e-4);

        INDArray delta = layer.backpropGradient(null, noWorkspaces).getSecond();
        assertArrayEquals(expectedDelta, delta.dup('c').data().asFloat(), 1e-6f);
    }

    private static IOutputLayer layer(int channels) {
        NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().layer(new PixelSoftmax(channels)).build();
        return (IOutputLayer) conf.getLayer().instantiate(conf, null, 0, null, true, DataType.FLOAT);
    }
}
