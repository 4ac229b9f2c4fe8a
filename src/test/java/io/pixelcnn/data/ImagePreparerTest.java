package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
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

    /**
     * The colours of JPEGs, not only their shape: four flat quadrants (red, green, blue, white; a CMYK file
     * holds them as ink: C, M, Y, K = 0, 255, 255, 0 for red, ...), each quadrant's centre read back as its
     * colour within {@link #JPEG_TOLERANCE} levels per channel (JPEG is lossy); a CMYK file read as RGB, or
     * its ink not inverted, misses by about 255.
     */
    @Test
    void cmykAndProgressiveJpegsDecodeToTheirColours() throws Exception {
        int[][] rgb = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
        BufferedImage quadrants = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        WritableRaster ink = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int[] colour = rgb[y / 16 * 2 + x / 16];
                quadrants.setRGB(x, y, colour[0] << 16 | colour[1] << 8 | colour[2]);
                for (int c = 0; c < 3; c++) {
                    ink.setSample(x, y, c, 255 - colour[c]); // cyan, magenta, yellow: what the paper does not reflect
                }
                ink.setSample(x, y, 3, 0);
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("progressive.jpg", jpeg(quadrants, true));
        files.put("baseline.jpg", jpeg(quadrants, false));
        files.put("cmyk.jpg", TestImages.cmykJpegBytes(ink, 0.95f));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            byte[] pixels = RGB.fromEncoded(file.getKey(), file.getValue()).pixels();
            for (int q = 0; q < 4; q++) {
                int x = q % 2 * 16 + 8;
                int y = q / 2 * 16 + 8;
                for (int c = 0; c < 3; c++) {
                    int level = pixels[c * 32 * 32 + y * 32 + x] & 0xff;
                    assertEquals(rgb[q][c], level, JPEG_TOLERANCE, file.getKey() + ", quadrant " + q + ", channel " + c);
                }
            }
        }
    }

    private static final int JPEG_TOLERANCE = 8;

    private static byte[] jpeg(BufferedImage image, boolean progressive) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
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
