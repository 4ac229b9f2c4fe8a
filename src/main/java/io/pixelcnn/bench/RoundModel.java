package io.pixelcnn.bench;

import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.ModelFamily;
import java.util.Locale;

/**
 * A PixelCNN whose averaging round {@code bench --round-cost} times: the architecture of record's kernels
 * (7 first, 3 in the blocks, as conf/pixelcnn.conf) at {@code hidden} channels and {@code blocks} blocks.
 * Written {@code HIDDENxBLOCKS}: {@code 32x5} is the architecture of record (91,200 parameters),
 * {@code 534x5} 20,014,576 (the 20M-parameter model of issue 19).
 */
public record RoundModel(int hidden, int blocks) {

    private static final int FIRST_KERNEL = 7;
    private static final int BLOCK_KERNEL = 3;

    public RoundModel {
        if (hidden < 1 || blocks < 0) {
            throw new IllegalArgumentException("a model is HIDDENxBLOCKS with hidden >= 1 and blocks >= 0, got "
                    + hidden + "x" + blocks);
        }
    }

    /** {@code 32x5}: 32 channels, 5 blocks. */
    public static RoundModel parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new RoundModel(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("a model is HIDDENxBLOCKS, e.g. 32x5, got '" + text + "'");
    }

    ModelConfig config() {
        return new ModelConfig(ModelFamily.PIXELCNN, hidden, blocks, FIRST_KERNEL, BLOCK_KERNEL);
    }

    String label() {
        return hidden + "x" + blocks;
    }
}
