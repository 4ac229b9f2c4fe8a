package io.pixelcnn.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small corpora of the kinds a data team holds, written by the tests. */
public final class Corpus {

    private Corpus() {
    }

    /**
     * Photos as they come: class folders of PNG and JPEG files of seven kinds (8-bit grey, RGB, RGBA,
     * 16-bit grey, palette, CMYK JPEG, progressive JPEG) and eight sizes and aspect ratios, {@code copies}
     * of each kind.
     */
    public static Path mixedPhotos(Path root, int copies) throws IOException {
        for (int i = 0; i < copies; i++) {
            int seed = 17 * i + 3;
            TestImages.grayPng(root.resolve("class-a/grey-" + i + ".png"), 40, 30, seed);
            TestImages.colourPng(root.resolve("class-a/rgb-" + i + ".png"), 64, 48, seed);
            TestImages.rgbaPng(root.resolve("class-a/rgba-" + i + ".png"), 57, 33, seed);
            TestImages.gray16Png(root.resolve("class-b/gray16-" + i + ".png"), 20, 50, 1000 * seed);
            TestImages.palettePng(root.resolve("class-b/palette-" + i + ".png"), 23, 17, seed);
            TestImages.cmykJpeg(root.resolve("class-b/cmyk-" + i + ".jpg"), 60, 45, seed);
            TestImages.jpeg(root.resolve("class-c/progressive-" + i + ".jpg"), 90, 28, seed, true);
            TestImages.jpeg(root.resolve("class-c/baseline-" + i + ".jpg"), 100, 100, seed, false);
        }
        return root;
    }

    /**
     * A corpus stored class by class: folders {@code class-0 .. class-(classes-1)} of 8 x 8 grey PNG files
     * whose first pixel tells the class ({@link #classOf}); the other pixels vary from image to image.
     */
    public static Path classFolders(Path root, int classes, int perClass) throws IOException {
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                byte[] pixels = new byte[64];
                for (int p = 0; p < 64; p++) {
                    pixels[p] = (byte) (CLASS_STEP * c + (p == 0 ? 0 : (i * 7 + p) % CLASS_STEP));
                }
                TestImages.grayPng(root.resolve(String.format("class-%d/image-%03d.png", c, i)), pixels, 8, 8);
            }
        }
        return root;
    }

    /** The class of an image of {@link #classFolders}, from its first pixel. */
    public static int classOf(double firstPixel) {
        return (int) Math.round(firstPixel) / CLASS_STEP;
    }

    private static final int CLASS_STEP = 20;

    /** Fashion-MNIST images as 28x28 grey PNG files, {@code image-NNNN.png}. */
    public static Path fashionPngs(Path folder, List<byte[]> images) throws IOException {
        for (int i = 0; i < images.size(); i++) {
            TestImages.grayPng(folder.resolve(String.format("image-%04d.png", i)), images.get(i), 28, 28);
        }
        return folder;
    }

    /**
     * The four malformed files of issue 9, beside good ones: an empty file, a text file named .png, a
     * truncated JPEG, and a PNG whose header declares 50000 x 50000 pixels. Returns their names.
     */
    public static List<String> malformedFiles(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve("zero.png"), new byte[0]);
        Files.writeString(folder.resolve("notes.png"), "not an image, whatever its name says", StandardCharsets.UTF_8);
        TestImages.truncate(TestImages.jpeg(folder.resolve("cut.jpg"), 200, 150, 9, false), 0.6);
        TestImages.pngHeaderOnly(folder.resolve("bomb.png"), 50000, 50000);
        return List.of("zero.png", "notes.png", "cut.jpg", "bomb.png");
    }
}
