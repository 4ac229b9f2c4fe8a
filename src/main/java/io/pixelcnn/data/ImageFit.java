package io.pixelcnn.data;

/**
 * Fits an image to a target shape by one of the {@link Resize} rules, resampling each axis with
 * {@link Resampling} (separably: every source row is resampled across once, then rows are blended down),
 * so a large photo needs memory for a row and the output, never a second full-size copy.
 */
final class ImageFit {

    private ImageFit() {
    }

    /** The image as it is: one byte per sub-pixel, channel-major. */
    static byte[] asIs(PixelRows image) {
        float[][] row = new float[image.channels][image.width];
        int plane = image.height * image.width;
        byte[] pixels = new byte[image.channels * plane];
        for (int y = 0; y < image.height; y++) {
            image.row(y, row);
            for (int c = 0; c < image.channels; c++) {
                for (int x = 0; x < image.width; x++) {
                    pixels[c * plane + y * image.width + x] = toByte(row[c][x]);
                }
            }
        }
        return pixels;
    }

    /** The image fitted to {@code target} (whose channels must be the image's). */
    static byte[] fit(PixelRows image, ImageShape target, Resize resize) {
        int th = target.height();
        int tw = target.width();
        double sourceTop = 0;
        double sourceBottom = image.height;
        double sourceLeft = 0;
        double sourceRight = image.width;
        int top = 0;
        int rows = th;
        int left = 0;
        int columns = tw;
        switch (resize) {
            case CROP -> {
                // the centred part of the source with the target's proportions, in exact (fractional) pixels
                double scale = Math.min((double) image.height / th, (double) image.width / tw);
                sourceTop = (image.height - th * scale) / 2;
                sourceBottom = sourceTop + th * scale;
                sourceLeft = (image.width - tw * scale) / 2;
                sourceRight = sourceLeft + tw * scale;
            }
            case PAD -> {
                // the whole source, scaled by its long side; the rest of the target stays black
                double scale = Math.max((double) image.height / th, (double) image.width / tw);
                rows = Math.max(1, Math.min(th, (int) Math.round(image.height / scale)));
                columns = Math.max(1, Math.min(tw, (int) Math.round(image.width / scale)));
                top = (th - rows) / 2;
                left = (tw - columns) / 2;
            }
            case STRETCH -> {
                // both axes on their own: the defaults above
            }
            default -> throw new IllegalArgumentException("resize " + resize);
        }
        Resampling down = Resampling.of(sourceTop, sourceBottom, rows, image.height);
        Resampling across = Resampling.of(sourceLeft, sourceRight, columns, image.width);
        float[][][] out = resample(image, down, across);
        return toBytes(out, target, top, left);
    }

    /** {@code out[channel][row][column]} of the resampled area. */
    private static float[][][] resample(PixelRows image, Resampling down, Resampling across) {
        int rows = down.first.length;
        int columns = across.first.length;
        float[][][] out = new float[image.channels][rows][columns];
        float[][] source = new float[image.channels][image.width];
        float[][] resampledRow = new float[image.channels][columns];
        int[][] readers = readersOfEachSourceRow(down, image.height);
        for (int y = down.lowest(); y <= down.highest(); y++) {
            if (readers[y].length == 0) {
                continue;
            }
            image.row(y, source);
            for (int c = 0; c < image.channels; c++) {
                for (int x = 0; x < columns; x++) {
                    float sum = 0;
                    float[] w = across.weights[x];
                    int from = across.first[x];
                    for (int k = 0; k < w.length; k++) {
                        sum += w[k] * source[c][from + k];
                    }
                    resampledRow[c][x] = sum;
                }
            }
            for (int outRow : readers[y]) {
                float weight = down.weights[outRow][y - down.first[outRow]];
                for (int c = 0; c < image.channels; c++) {
                    float[] target = out[c][outRow];
                    float[] row = resampledRow[c];
                    for (int x = 0; x < columns; x++) {
                        target[x] += weight * row[x];
                    }
                }
            }
        }
        return out;
    }

    /** For each source row, the output rows that read it. */
    private static int[][] readersOfEachSourceRow(Resampling down, int sourceRows) {
        int[] counts = new int[sourceRows];
        for (int i = 0; i < down.first.length; i++) {
            for (int k = 0; k < down.count[i]; k++) {
                counts[down.first[i] + k]++;
            }
        }
        int[][] readers = new int[sourceRows][];
        for (int y = 0; y < sourceRows; y++) {
            readers[y] = new int[counts[y]];
            counts[y] = 0;
        }
        for (int i = 0; i < down.first.length; i++) {
            for (int k = 0; k < down.count[i]; k++) {
                int y = down.first[i] + k;
                readers[y][counts[y]++] = i;
            }
        }
        return readers;
    }

    private static byte[] toBytes(float[][][] area, ImageShape target, int top, int left) {
        int plane = target.height() * target.width();
        byte[] pixels = new byte[target.channels() * plane];
        for (int c = 0; c < area.length; c++) {
            for (int y = 0; y < area[c].length; y++) {
                for (int x = 0; x < area[c][y].length; x++) {
                    pixels[c * plane + (top + y) * target.width() + left + x] = toByte(area[c][y][x]);
                }
            }
        }
        return pixels;
    }

    private static byte toByte(float value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }
}
