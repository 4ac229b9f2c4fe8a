package io.pixelcnn.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * An image read row by row as 0..255 floats in the channels a dataset wants: 1 (luma) or 3 (RGB).
 * Transparent pixels are composited over black, the colour {@link Resize#PAD} fills with.
 */
abstract class PixelRows {

    final int height;
    final int width;
    final int channels;

    private PixelRows(int height, int width, int channels) {
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    /** Writes row {@code y} into {@code out[channel][x]}. */
    abstract void row(int y, float[][] out);

    ImageShape shape() {
        return new ImageShape(channels, height, width);
    }

    /** Decoded pixels, in {@code channels}. */
    static PixelRows of(BufferedImage image, int channels) {
        if (isGray(image)) {
            return new GrayRows(image, channels);
        }
        return new ColourRows(image, channels);
    }

    /** Pixels already stored one byte per sub-pixel, channel-major (NCHW), as IDX files and records hold them. */
    static PixelRows of(byte[] pixels, ImageShape shape) {
        return new PixelRows(shape.height(), shape.width(), shape.channels()) {
            @Override
            void row(int y, float[][] out) {
                int plane = height * width;
                for (int c = 0; c < channels; c++) {
                    for (int x = 0; x < width; x++) {
                        out[c][x] = pixels[c * plane + y * width + x] & 0xff;
                    }
                }
            }
        };
    }

    /**
     * Gray images are read from their samples, scaled from their bit depth: ImageIO's {@code getRGB} would
     * treat a gray image as linear light and brighten it on the way to sRGB (a 16-bit PNG's 20000 of 65535
     * came out as 150 instead of 78 here).
     */
    private static boolean isGray(BufferedImage image) {
        return image.getColorModel() instanceof ComponentColorModel model
                && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getRaster().getNumBands() <= 2;
    }

    private static final class GrayRows extends PixelRows {
        private final Raster raster;
        private final float scale;
        private final float alphaScale;
        private final boolean alpha;
        private final int[] samples;
        private final int[] alphas;

        GrayRows(BufferedImage image, int channels) {
            super(image.getHeight(), image.getWidth(), channels);
            this.raster = image.getRaster();
            var model = image.getColorModel();
            this.scale = 255f / ((1 << model.getComponentSize(0)) - 1);
            this.alpha = raster.getNumBands() == 2;
            this.alphaScale = alpha ? 1f / ((1 << model.getComponentSize(1)) - 1) : 0;
            this.samples = new int[width];
            this.alphas = new int[width];
        }

        @Override
        void row(int y, float[][] out) {
            raster.getSamples(0, y, width, 1, 0, samples);
            if (alpha) {
                raster.getSamples(0, y, width, 1, 1, alphas);
            }
            for (int x = 0; x < width; x++) {
                float value = samples[x] * scale;
                if (alpha) {
                    value *= alphas[x] * alphaScale;
                }
                for (int c = 0; c < channels; c++) {
                    out[c][x] = value;
                }
            }
        }
    }

    /** Everything else (RGB, palette, 16-bit colour, CMYK, with or without alpha) through sRGB ARGB. */
    private static final class ColourRows extends PixelRows {
        private final BufferedImage image;
        private final int[] argb;

        ColourRows(BufferedImage image, int channels) {
            super(image.getHeight(), image.getWidth(), channels);
            this.image = image;
            this.argb = new int[width];
        }

        @Override
        void row(int y, float[][] out) {
            image.getRGB(0, y, width, 1, argb, 0, width);
            for (int x = 0; x < width; x++) {
                int pixel = argb[x];
                int a = pixel >>> 24;
                int r = (pixel >> 16) & 0xff;
                int g = (pixel >> 8) & 0xff;
                int b = pixel & 0xff;
                float opacity = a / 255f;
                if (channels == 1) {
                    // ITU-R 601 luma, as an exact fraction so that rounding matches integer arithmetic
                    out[0][x] = (299 * r + 587 * g + 114 * b) / 1000f * opacity;
                } else {
                    out[0][x] = r * opacity;
                    out[1][x] = g * opacity;
                    out[2][x] = b * opacity;
                }
            }
        }
    }
}
