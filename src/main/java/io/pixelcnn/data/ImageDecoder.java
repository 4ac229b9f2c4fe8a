package io.pixelcnn.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Decodes PNG and JPEG files into channel-major unsigned bytes with a fixed number of channels. */
public final class ImageDecoder {

    static {
        ImageIO.setUseCache(false); // decode in memory; executors may have no writable temp directory
    }

    private ImageDecoder() {
    }

    /** The image's shape and pixels, converted to {@code channels} (1: luminance, 3: RGB). */
    public record Decoded(ImageShape shape, byte[] pixels) {
    }

    public static Decoded decode(byte[] fileBytes, String file, int channels) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(fileBytes));
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": unreadable image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new BadInputException(file + ": not a PNG or JPEG image");
        }
        ImageShape shape = new ImageShape(channels, image.getHeight(), image.getWidth());
        return new Decoded(shape, pixels(image, channels));
    }

    /** Like {@link #decode}, and the image must have the dataset's shape. */
    public static byte[] decode(byte[] fileBytes, String file, ImageShape expected, String expectedFrom) {
        Decoded decoded = decode(fileBytes, file, expected.channels());
        if (!decoded.shape().equals(expected)) {
            throw new BadInputException(String.format("%s: %dx%d image, expected %dx%d like %s", file,
                    decoded.shape().width(), decoded.shape().height(), expected.width(), expected.height(), expectedFrom));
        }
        return decoded.pixels();
    }

    private static byte[] pixels(BufferedImage image, int channels) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        byte[] pixels = new byte[channels * plane];
        boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (gray) {
                    int value = image.getRaster().getSample(x, y, 0);
                    for (int c = 0; c < channels; c++) {
                        pixels[c * plane + i] = (byte) value;
                    }
                    continue;
                }
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (channels == 1) {
                    pixels[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000); // ITU-R 601 luma
                } else {
                    pixels[i] = (byte) r;
                    pixels[plane + i] = (byte) g;
                    pixels[2 * plane + i] = (byte) b;
                }
            }
        }
        return pixels;
    }
}
