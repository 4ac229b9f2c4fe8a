package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelBytes;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.ModelConfig;
import io.pixelcnn.model.builder.ModelBuilder;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.sample.SampleWriter;
import io.pixelcnn.testing.ConditionalModels;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.GridTiles;
import io.pixelcnn.testing.LocalSpark;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sample --class} and {@code complete --class} through the command line, with a conditional model whose
 * planted class bias alone decides its images ({@link ConditionalModels#darkOrLight}): "dark" puts every
 * sub-pixel below 32, "light" above 223, so an image shows the class it was drawn in.
 */
class ConditionalSampleCommandTest {

    private static final ImageShape SHAPE = new ImageShape(1, FashionMnist.SIDE, FashionMnist.SIDE);

    @TempDir
    static Path runs;
    private static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void plantedModel() throws Exception {
        model = ConditionalModels.save(ConditionalModels.darkOrLight(SHAPE), ConditionalModels.DARK_LIGHT,
                runs.resolve("dark-light"));
    }

    @Test
    void sampleClassDarkDrawsDarkImagesAndClassLightLightOnes() throws Exception {
        // one class: one row of all four
        assertAll(grid("dark.png", 4, "--class", "dark"), 4, "dark");
        assertAll(grid("light.png", 4, "--class", "light"), 4, "light");
    }

    @Test
    void theGridHasOneRowPerClassAskedAndEveryClassByDefault() throws Exception {
        // 5 images of light, dark: light takes images 0, 2, 4 (row 0), dark 1, 3 (row 1, one cell empty)
        BufferedImage asked = grid("asked.png", 5, "--class", "light", "--class", "dark");
        assertEquals(rowsHigh(2), asked.getHeight(), "two rows");
        assertEquals(GridTiles.side(3, SHAPE), asked.getWidth(), "three columns");
        for (int column = 0; column < 3; column++) {
            assertClass("light", GridTiles.pixels(asked, column, 3, SHAPE), "row 0, column " + column);
        }
        for (int column = 0; column < 2; column++) {
            assertClass("dark", GridTiles.pixels(asked, 3 + column, 3, SHAPE), "row 1, column " + column);
        }
        byte[] empty = GridTiles.pixels(asked, 5, 3, SHAPE);
        assertTrue(allEqual(empty, ImageGrid.GUTTER_GREY), "the shorter row's last cell is left empty");

        // no --class: every class of the model, in its order
        BufferedImage all = grid("all.png", 4);
        assertEquals(rowsHigh(2), all.getHeight());
        for (int column = 0; column < 2; column++) {
            assertClass("dark", GridTiles.pixels(all, column, 2, SHAPE), "default row 0");
            assertClass("light", GridTiles.pixels(all, 2 + column, 2, SHAPE), "default row 1");
        }
    }

    @Test
    void outDirSpreadsTheClassesInTurnAndItsManifestAndTableSayWhich() throws Exception {
        Path out = dir.resolve("images");
        Path grid = dir.resolve("beside.png");
        Cli.Result result = Cli.run("sample", "--model", model.toString(), "--n", "5", "--sample-batch", "2",
                "--partitions", "2", "--class", "light", "--class", "dark", "--out-dir", out.toString(),
                "--out", grid.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        List<String> manifest = Files.readAllLines(out.resolve(SampleWriter.CLASS_MANIFEST));
        assertEquals(List.of("file\tclass", "sample-0000000.png\tlight", "sample-0000001.png\tdark",
                "sample-0000002.png\tlight", "sample-0000003.png\tdark", "sample-0000004.png\tlight"), manifest);
        BufferedImage beside = ImageIO.read(grid.toFile());
        for (int i = 0; i < 5; i++) {
            String klass = manifest.get(i + 1).split("\t")[1];
            byte[] png = Files.readAllBytes(out.resolve(SampleWriter.fileName(i)));
            byte[] pixels = pngPixels(png);
            assertClass(klass, pixels, "file " + i);
            // the grid beside: the same images in class rows (3 columns), made again on this machine
            assertArrayEquals(pixels, GridTiles.pixels(beside, (i % 2) * 3 + i / 2, 3, SHAPE), "grid tile of " + i);
        }

        Path table = dir.resolve("table");
        Cli.Result parquet = Cli.run("sample", "--model", model.toString(), "--n", "4", "--class", "dark",
                "--class", "light", "--out-dir", table.toString(), "--format", "parquet");
        assertEquals(ExitCodes.OK, parquet.exitCode(), parquet.err());
        List<Row> rows;
        try (JavaSparkContext sc = LocalSpark.start("read-classes")) {
            rows = SparkSession.builder().sparkContext(sc.sc()).getOrCreate().read().parquet(table.toString())
                    .orderBy("index").collectAsList();
        }
        assertEquals(4, rows.size());
        for (Row row : rows) {
            String klass = row.getAs("class");
            assertEquals(row.<Long>getAs("index") % 2 == 0 ? "dark" : "light", klass);
            byte[] pixels = pngPixels(row.getAs("png"));
            assertClass(klass, pixels, "table row " + row.getAs("index"));
        }
    }

    @Test
    void completeClassKeepsTheGivenRowsAndDrawsTheRestInTheClass() throws Exception {
        int keep = 10;
        int count = 2;
        byte[][] darkCompleted = completed("dark", keep, count);
        byte[][] lightCompleted = completed("light", keep, count);
        List<byte[]> originals = FashionMnist.images(FashionMnist.TEST_IMAGES, count);
        int kept = keep * SHAPE.width();
        for (int i = 0; i < count; i++) {
            assertArrayEquals(Arrays.copyOf(originals.get(i), kept), Arrays.copyOf(darkCompleted[i], kept), "dark " + i);
            assertArrayEquals(Arrays.copyOf(originals.get(i), kept), Arrays.copyOf(lightCompleted[i], kept), "light " + i);
            assertClass("dark", Arrays.copyOfRange(darkCompleted[i], kept, SHAPE.dims()), "completed rows, dark " + i);
            assertClass("light", Arrays.copyOfRange(lightCompleted[i], kept, SHAPE.dims()), "completed rows, light " + i);
        }
    }

    @Test
    void anUnknownClassIsOneLineListingTheModelsClasses() {
        Cli.Result sample = Cli.run("sample", "--model", model.toString(), "--class", "dark", "--class", "grey",
                "--out", dir.resolve("never.png").toString());
        assertEquals(ExitCodes.BAD_INPUT, sample.exitCode(), sample.err());
        assertEquals("error: --class grey: not a class of " + model + "; its classes: dark, light",
                sample.errorLines());
        assertFalse(Files.exists(dir.resolve("never.png")));

        Cli.Result complete = Cli.run("complete", "--model", model.toString(), "--data",
                FashionMnist.TEST_IMAGES.toString(), "--class", "Shirt", "--out", dir.resolve("never.png").toString());
        assertEquals(ExitCodes.BAD_INPUT, complete.exitCode(), complete.err());
        assertEquals("error: --class Shirt: not a class of " + model + "; its classes: dark, light",
                complete.errorLines());

        Cli.Result noClass = Cli.run("complete", "--model", model.toString(), "--data",
                FashionMnist.TEST_IMAGES.toString(), "--out", dir.resolve("never.png").toString());
        assertEquals(ExitCodes.BAD_INPUT, noClass.exitCode(), noClass.err());
        assertEquals("error: --class: " + model + " is class-conditional; give --class NAME, one of: dark, light",
                noClass.errorLines());
    }

    @Test
    void classOnAnUnconditionalModelIsOneLine() throws Exception {
        Path plain = dir.resolve("plain");
        Files.createDirectories(plain);
        Files.write(plain.resolve(RunDirectory.MODEL), ModelBytes.of(ModelBuilder.build(new ModelConfig(4, 1, 3, 3),
                SHAPE, 1e-3, 1), false, new byte[0]));
        Cli.Result sample = Cli.run("sample", "--model", plain.toString(), "--class", "dark", "--out",
                dir.resolve("never.png").toString());
        assertEquals(ExitCodes.BAD_INPUT, sample.exitCode(), sample.err());
        assertEquals("error: --class dark: " + plain + " is not class-conditional (trained without --conditional); "
                + "it takes no class", sample.errorLines());
        Cli.Result complete = Cli.run("complete", "--model", plain.toString(), "--data",
                FashionMnist.TEST_IMAGES.toString(), "--class", "dark", "--out", dir.resolve("never.png").toString());
        assertEquals(ExitCodes.BAD_INPUT, complete.exitCode(), complete.err());
        assertEquals(sample.errorLines(), complete.errorLines());
    }

    @Test
    void helpDescribesClass() {
        for (String command : List.of("sample", "complete")) {
            String help = Cli.run(command, "--help").out();
            assertTrue(help.contains("--class=NAME"), command + ": " + help);
            assertTrue(help.contains("class-conditional"), command + ": " + help);
        }
        assertTrue(Cli.run("sample", "--help").out().contains(SampleWriter.CLASS_MANIFEST));
    }

    /** The completed tiles of {@code complete --class klass}, by image. */
    private byte[][] completed(String klass, int keep, int count) throws Exception {
        Path out = dir.resolve("completions-" + klass + ".png");
        Cli.Result result = Cli.run("complete", "--model", model.toString(), "--data",
                FashionMnist.TEST_IMAGES.toString(), "--n", Integer.toString(count), "--keep-rows",
                Integer.toString(keep), "--class", klass, "--out", out.toString(), "--seed", "3");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        BufferedImage grid = ImageIO.read(out.toFile());
        byte[][] tiles = new byte[count][];
        for (int i = 0; i < count; i++) {
            tiles[i] = GridTiles.pixels(grid, i * 3 + 2, 3, SHAPE);
        }
        return tiles;
    }

    private BufferedImage grid(String name, int count, String... classes) throws Exception {
        Path out = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("sample", "--model", model.toString(), "--n",
                Integer.toString(count), "--seed", "5", "--out", out.toString()));
        args.addAll(List.of(classes));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        return ImageIO.read(out.toFile());
    }

    private static void assertAll(BufferedImage grid, int count, String klass) {
        assertEquals(rowsHigh(1), grid.getHeight(), "one row");
        for (int i = 0; i < count; i++) {
            assertClass(klass, GridTiles.pixels(grid, i, count, SHAPE), klass + " tile " + i);
        }
    }

    /** Every pixel dark (below 32) or light (above 223), as the planted class makes them. */
    private static void assertClass(String klass, byte[] pixels, String what) {
        for (byte pixel : pixels) {
            int level = pixel & 0xff;
            assertTrue("dark".equals(klass) ? level < 32 : level > 223, what + " (" + klass + "): level " + level);
        }
    }

    /** The grey pixels of one image's PNG file, as written (not enlarged). */
    private static byte[] pngPixels(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        byte[] pixels = new byte[SHAPE.dims()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) image.getRaster().getSample(i % SHAPE.width(), i / SHAPE.width(), 0);
        }
        return pixels;
    }

    private static boolean allEqual(byte[] pixels, int level) {
        for (byte pixel : pixels) {
            if ((pixel & 0xff) != level) {
                return false;
            }
        }
        return true;
    }

    private static int rowsHigh(int rows) {
        return rows * SHAPE.height() * ImageGrid.scale(SHAPE) + (rows + 1) * ImageGrid.GUTTER;
    }
}
