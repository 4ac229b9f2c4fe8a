package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding, colour conversion and the malformed-image policy, on files the test writes (no Spark). */
class ImagePreparerTest {

    private static final Configuration CONF = new Configuration();
    private static final ImagePreparer GRAY = new ImagePreparer(Preparation.asFound(1), CONF);
    private static final ImagePreparer RGB = new ImagePreparer(Preparation.asFound(3), CONF);
    private static final ImagePreparer SKIPPING = new ImagePreparer(
            new Preparation(1, null, Resize.CROP, ReadMode.DROPMALFORMED, 0.5), CONF);

    @TempDir
    Path dir;

    @Test
    void grayscalePngKeepsEveryValue() throws Exception {
        Path file = TestImages.grayPng(dir.resolve("g.png"), 5, 3, 250);
        PreparedImage image = GRAY.fromEncoded("g.png", Files.readAllBytes(file));
        assertEquals(new ImageShape(1, 3, 5), image.shape());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals((250 + 7 * x + 13 * y) & 0xff, image.pixels()[y * 5 + x] & 0xff);
            }
        }
    }

    @Test
    void colourImageIsChannelMajorOrLuma() throws Exception {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff8000);
        image.setRGB(1, 0, 0x0000ff);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] rgb = RGB.fromEncoded("c.png", png.toByteArray()).pixels();
        assertArrayEquals(new byte[]{(byte) 0xff, 0, (byte) 0x80, 0, 0, (byte) 0xff}, rgb);
        byte[] luma = GRAY.fromEncoded("c.png", png.toByteArray()).pixels();
        assertEquals((299 * 255 + 587 * 128 + 500) / 1000, luma[0] & 0xff);
        assertEquals((114 * 255 + 500) / 1000, luma[1] & 0xff);
    }

    @Test
    void sixteenBitGrayIsScaledNotGammaShifted() throws Exception {
        Path file = TestImages.gray16Png(dir.resolve("g16.png"), 4, 2, 20000);
        PreparedImage image = GRAY.fromEncoded("g16.png", Files.readAllBytes(file));
        for (int i = 0; i < 8; i++) {
            int sixteen = (20000 + 500 * (i % 4) + 900 * (i / 4)) & 0xffff;
            assertEquals(Math.round(sixteen * 255f / 65535), image.pixels()[i] & 0xff, "pixel " + i);
        }
    }

    @Test
    void paletteRgbaCmykAndProgressiveJpegAllDecode() throws Exception {
        Path palette = TestImages.palettePng(dir.resolve("p.png"), 6, 4, 3);
        byte[] rgb = RGB.fromEncoded("p.png", Files.readAllBytes(palette)).pixels();
        assertEquals(3 + 16 * 1, rgb[1] & 0xff, "red of palette entry 1 at (1, 0)");
        assertEquals(255 - 16, rgb[24 + 1] & 0xff, "green of palette entry 1");

        Path rgba = TestImages.rgbaPng(dir.resolve("a.png"), 5, 2, 100);
        byte[] composited = RGB.fromEncoded("a.png", Files.readAllBytes(rgba)).pixels();
        assertEquals(100, composited[0] & 0xff, "opaque left edge keeps its colour");
        assertEquals(0, composited[4] & 0xff, "transparent right edge is composited over black");

        for (Path jpeg : new Path[]{TestImages.cmykJpeg(dir.resolve("cmyk.jpg"), 12, 9, 5),
                TestImages.jpeg(dir.resolve("progressive.jpg"), 12, 9, 5, true)}) {
            PreparedImage image = RGB.fromEncoded(jpeg.toString(), Files.readAllBytes(jpeg));
            assertTrue(image.isUsable(), jpeg + ": " + image.problem());
            assertEquals(new ImageShape(3, 9, 12), image.shape());
        }
    }

    @Test
    void malformedImagesFailFastNamingTheFile() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> GRAY.fromEncoded("notes.png", "hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals("notes.png: not an image file (PNG, JPEG, GIF, BMP or TIFF)", error.getMessage());
    }

    @Test
    void eachKindOfMalformedImageHasItsReason() throws Exception {
        assertEquals("empty: 0 bytes", SKIPPING.fromEncoded("zero.png", new byte[0]).problem());
        Path jpeg = TestImages.truncate(TestImages.jpeg(dir.resolve("cut.jpg"), 200, 150, 1, false), 0.6);
        assertEquals("truncated image", SKIPPING.fromEncoded("cut.jpg", Files.readAllBytes(jpeg)).problem());
        Path headerOnly = TestImages.truncate(TestImages.jpeg(dir.resolve("cut-early.jpg"), 200, 150, 1, false), 0.1);
        assertEquals("truncated image", SKIPPING.fromEncoded("cut-early.jpg", Files.readAllBytes(headerOnly)).problem(),
                "cut before its first scan: the reader says 'missing SOS marker', the missing end says why");
        Path png = TestImages.truncate(TestImages.colourPng(dir.resolve("cut.png"), 200, 150, 1), 0.6);
        assertEquals("truncated image", SKIPPING.fromEncoded("cut.png", Files.readAllBytes(png)).problem());
        Path bomb = TestImages.pngHeaderOnly(dir.resolve("bomb.png"), 50000, 50000);
        assertEquals("50000x50000 image: more than 89,478,485 pixels (a decompression bomb?)",
                SKIPPING.fromEncoded("bomb.png", Files.readAllBytes(bomb)).problem());
        PreparedImage text = SKIPPING.fromEncoded("notes.png", "hello".getBytes(StandardCharsets.UTF_8));
        assertFalse(text.isUsable());
        assertEquals(null, text.pixels());
    }
}
