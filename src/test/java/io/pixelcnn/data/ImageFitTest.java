package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fitting images to a size: crop, pad and stretch, checked against values worked out by hand. */
class ImageFitTest {

    @Test
    void cropAveragesTheCentredSquareWorkedOutByHand() {
        // 4 rows x 8 columns; to 2x2 the crop keeps columns 2..5 and averages 2x2 blocks
        byte[] pixels = new byte[32];
        for (int i = 0; i < 32; i++) {
            pixels[i] = (byte) (10 * i % 250);
        }
        byte[] fitted = ImageFit.fit(PixelRows.of(pixels, new ImageShape(1, 4, 8)), new ImageShape(1, 2, 2), Resize.CROP);
        int[] expected = {
            mean(pixels, 2, 3, 10, 11), mean(pixels, 4, 5, 12, 13),
            mean(pixels, 18, 19, 26, 27), mean(pixels, 20, 21, 28, 29)};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], fitted[i] & 0xff, "output pixel " + i);
        }
    }

    @Test
    void padScalesTheLongSideAndFillsTheRestWithBlack() {
        byte[] white = new byte[4 * 8];
        java.util.Arrays.fill(white, (byte) 200);
        byte[] fitted = ImageFit.fit(PixelRows.of(white, new ImageShape(1, 4, 8)), new ImageShape(1, 4, 4), Resize.PAD);
        // the 4x8 image becomes 2x4, centred: rows 1 and 2 are the image, rows 0 and 3 black
        for (int x = 0; x < 4; x++) {
            assertEquals(0, fitted[x] & 0xff);
            assertEquals(200, fitted[4 + x] & 0xff);
            assertEquals(200, fitted[8 + x] & 0xff);
            assertEquals(0, fitted[12 + x] & 0xff);
        }
    }

    @Test
    void stretchAveragesEachAxisOnItsOwn() {
        byte[] pixels = {0, 10, 20, 30, 40, 50, 60, 70}; // one row of 8
        byte[] fitted = ImageFit.fit(PixelRows.of(pixels, new ImageShape(1, 1, 8)), new ImageShape(1, 1, 2), Resize.STRETCH);
        assertArrayEquals(new byte[]{15, 55}, fitted);
    }

    @Test
    void enlargingInterpolatesInsteadOfRepeatingPixels() {
        byte[] pixels = {0, 100};
        byte[] fitted = ImageFit.fit(PixelRows.of(pixels, new ImageShape(1, 1, 2)), new ImageShape(1, 1, 4), Resize.STRETCH);
        // centres of the 4 outputs fall at source positions -0.25, 0.25, 0.75, 1.25
        assertArrayEquals(new byte[]{0, 25, 75, 100}, fitted);
    }

    @Test
    void anImageOfTheTargetSizeIsLeftExactlyAsItIs() {
        byte[] pixels = new byte[3 * 5 * 7];
        new java.util.Random(2).nextBytes(pixels);
        ImageShape shape = new ImageShape(3, 5, 7);
        for (Resize resize : Resize.values()) {
            assertArrayEquals(pixels, ImageFit.fit(PixelRows.of(pixels, shape), shape, resize), resize.key());
        }
    }

    @ParameterizedTest
    @CsvSource({"30,40", "40,30", "7,100", "100,7", "28,28", "13,5"})
    void everyRuleGivesExactlyTheTargetSize(int height, int width) {
        byte[] pixels = new byte[3 * height * width];
        java.util.Arrays.fill(pixels, (byte) 90);
        ImageShape target = new ImageShape(3, 28, 20);
        for (Resize resize : Resize.values()) {
            byte[] fitted = ImageFit.fit(PixelRows.of(pixels, new ImageShape(3, height, width)), target, resize);
            assertEquals(target.dims(), fitted.length, resize.key());
            if (resize != Resize.PAD) {
                for (byte b : fitted) {
                    assertEquals(90, b & 0xff, resize.key() + ": a flat image stays flat");
                }
            } else {
                long image = 0;
                for (byte b : fitted) {
                    image += (b & 0xff) == 90 ? 1 : 0;
                }
                assertTrue(image > 0, "padding keeps the image");
            }
        }
    }

    private static int mean(byte[] pixels, int... at) {
        int sum = 0;
        for (int i : at) {
            sum += pixels[i] & 0xff;
        }
        return Math.round(sum / (float) at.length);
    }
}
