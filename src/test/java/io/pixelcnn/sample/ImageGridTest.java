package io.pixelcnn.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sample grids a person can read: small images enlarged, light gutters between dark tiles, labels under them. */
class ImageGridTest {

    private static final ImageShape MNIST = new ImageShape(1, 28, 28);

    @Test
    void smallImagesAreEnlargedByWholePixelsAndSingleImagesAreNot() {
        byte[] dot = new byte[28 * 28];
        dot[0] = (byte) 255;
        BufferedImage grid = ImageGrid.grid(List.of(dot), MNIST, 1);
        int g = ImageGrid.GUTTER;
        assertEquals(84 + 2 * g, grid.getWidth(), "28 pixels enlarged 3x, in a border");
        for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
                assertEquals(255, grid.getRaster().getSample(g + dx, g + dy, 0), "the pixel is a 3 x 3 block");
            }
        }
        assertEquals(0, grid.getRaster().getSample(g + 3, g, 0), "and no more: nearest neighbour, no blur");
        assertEquals(28, ImageGrid.image(dot, MNIST).getWidth(), "a single image stays pixel for pixel");
    }

    @Test
    void guttersBetweenBlackTilesAreLight() {
        List<byte[]> black = Collections.nCopies(4, new byte[28 * 28]);
        BufferedImage grid = ImageGrid.grid(black, MNIST, 2);
        int g = ImageGrid.GUTTER;
        assertEquals(2 * 84 + 3 * g, grid.getWidth());
        int between = g + 84 + g / 2;
        assertEquals(ImageGrid.GUTTER_GREY, grid.getRaster().getSample(between, 40, 0), "the gutter between two tiles");
        assertEquals(ImageGrid.GUTTER_GREY, grid.getRaster().getSample(0, 0, 0), "the border");
        assertEquals(0, grid.getRaster().getSample(g + 40, g + 40, 0), "a tile");
    }

    @Test
    void labelsAreDrawnUnderTheirTiles() {
        List<byte[]> black = Collections.nCopies(2, new byte[28 * 28]);
        BufferedImage plain = ImageGrid.grid(black, MNIST, 2);
        BufferedImage labelled = ImageGrid.grid(black, List.of(List.of("1234", "4.512 bits/dim"), List.of("77", "4.100 bits/dim")),
                MNIST, 2);
        assertTrue(labelled.getHeight() > plain.getHeight(), "room for two lines under the tiles");
        int g = ImageGrid.GUTTER;
        for (int tile = 0; tile < 2; tile++) {
            int dark = 0;
            for (int y = g + 84; y < labelled.getHeight() - g; y++) {
                for (int x = g + tile * (84 + g); x < g + tile * (84 + g) + 84; x++) {
                    if (labelled.getRaster().getSample(x, y, 0) < 100) {
                        dark++;
                    }
                }
            }
            assertTrue(dark > 20, "text under tile " + tile + ": " + dark + " dark pixels");
        }
    }
}
