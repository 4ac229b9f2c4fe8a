package io.pixelcnn.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Spark's image source's pixels (OpenCV's layout: row by row, each pixel gray, BGR or BGRA) as the
 * {@link BufferedImage} a decoder would have made of the file, so that they go through the same
 * conversion to the dataset's channels (luma weights, alpha over black) as every encoded image.
 */
final class BgrImages {

    private static final int GRAY = 1;
    private static final int BGR = 3;

    private BgrImages() {
    }

    static BufferedImage image(int height, int width, int nChannels, byte[] pixels) {
        int type = nChannels == GRAY ? BufferedImage.TYPE_BYTE_GRAY
                : nChannels == BGR ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_4BYTE_ABGR;
        BufferedImage image = new BufferedImage(width, height, type);
        byte[] stored = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (nChannels != 4) {
            // TYPE_BYTE_GRAY and TYPE_3BYTE_BGR store their bytes exactly as OpenCV does
            System.arraycopy(pixels, 0, stored, 0, stored.length);
            return image;
        }
        // TYPE_4BYTE_ABGR stores A, B, G, R: alpha moves from last to first
        for (int i = 0; i < stored.length; i += 4) {
            stored[i] = pixels[i + 3];
            stored[i + 1] = pixels[i];
            stored[i + 2] = pixels[i + 1];
            stored[i + 3] = pixels[i + 2];
        }
        return image;
    }
}
