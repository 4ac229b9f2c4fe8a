package io.pixelcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.testing.Causality;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An unconditional model (no classes) is exactly the model built before conditioning existed: the SHA-256 of
 * its configuration JSON and of its initial parameters, per family, grayscale and RGB, equal those recorded from
 * the code before (commit 8e2dcd2). Same configuration and same parameters make the same function, since no
 * layer's code changed. The outputs' digests (printed) were equal before and after too, on this machine; float
 * sums may differ in the last bit on another CPU, so they are not asserted. When a deliberate
 * change to the architecture moves these digests, re-record them with this test's output.
 */
class UnconditionalModelTest {

    @ParameterizedTest(name = "{0} in {1} channel(s)")
    @CsvSource({
            "pixelcnn, 1, 66bfb81ec221fc06, d076155fbd14a5e6",
            "pixelcnn, 3, 31af0aa8081914e1, fa8369ea62ed2b23",
            "gated-pixelcnn, 1, a682688b75a40141, ceb82cb0391ee02e",
            "gated-pixelcnn, 3, d5236105fcac1ba7, 42ecdb32966c28f9",
            "row-lstm, 1, a329c766ccdebca2, c0745a1b0813f43c",
            "row-lstm, 3, 9d3f6afc5777b3ff, 9ff8b3de9e189534",
            "diagonal-bilstm, 1, d457985d741e64d0, 489486d2964cf614",
            "diagonal-bilstm, 3, 3318fc6a44395cc0, 1a10e0f66c124d69"})
    void theGraphAndItsParametersAreThoseFromBeforeConditioning(String family, int channels, String config,
                                                                 String params) {
        ImageShape shape = new ImageShape(channels, 5, 4);
        ComputationGraph model = ModelBuilder.build(new ModelConfig(ModelFamily.parse(family), 3, 2, 3, 3), shape,
                1e-3, 7);
        String configDigest = sha256(model.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
        String paramsDigest = sha256(model.params().data().asFloat());
        Causality.randomLogits(model);
        String outputDigest = sha256(model.outputSingle(Causality.randomImage(channels, 5, 4, 1)).dup('c').data()
                .asFloat());
        System.out.println("digests " + family + " " + channels + ": " + configDigest + ", " + paramsDigest
                + ", output " + outputDigest);
        assertEquals(config, configDigest, family + " configuration JSON");
        assertEquals(params, paramsDigest, family + " initial parameters");
    }

    private static String sha256(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return sha256(bytes.array());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
