package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pixelcnn.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    @TempDir
    Path dir;

    @Test
    void grayscalePngKeepsEveryValue() throws Exception {
        Path file = TestImages.grayPng(dir.resolve("g.png"), 5, 3, 250);
        ImageDecoder.Decoded decoded = ImageDecoder.decode(Files.readAllBytes(file), "g.png", 1);
        assertEquals(new ImageShape(1, 3, 5), decoded.shape());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals((250 + 7 * x + 13 * y) & 0xff, decoded.pixels()[y * 5 + x] & 0xff);
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
        byte[] rgb = ImageDecoder.decode(png.toByteArray(), "c.png", 3).pixels();
        assertArrayEquals(new byte[]{(byte) 0xff, 0, (byte) 0x80, 0, 0, (byte) 0xff}, rgb);
        byte[] luma = ImageDecoder.decode(png.toByteArray(), "c.png", 1).pixels();
        assertEquals((299 * 255 + 587 * 128 + 500) / 1000, luma[0] & 0xff);
        assertEquals((114 * 255 + 500) / 1000, luma[1] & 0xff);
    }

    @Test
    void nonImageIsNamed() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> ImageDecoder.decode("hello".getBytes(StandardCharsets.UTF_8), "notes.txt", 1));
        assertEquals("notes.txt: not a PNG or JPEG image", error.getMessage());
    }

    @Test
    void wrongSizeIsNamedWithTheReference() throws Exception {
        Path file = TestImages.grayPng(dir.resolve("big.png"), 32, 32, 0);
        BadInputException error = assertThrows(BadInputException.class,
                () -> ImageDecoder.decode(Files.readAllBytes(file), "big.png", new ImageShape(1, 28, 28), "a.png"));
        assertEquals("big.png: 32x32 image, expected 28x28 like a.png", error.getMessage());
    }
}
