package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.eval.ScoreTable;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.testing.GridTiles;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score} and {@code complete} with a model trained on real Fashion-MNIST ({@link TrainedRun}). */
class ScoreAndCompleteTest {

    private static final int SIDE = FashionMnist.SIDE;
    private static final int CLEAN_IMAGES = 200;
    private static final Set<String> CORRUPTED = Set.of("corrupt-noise.png", "corrupt-inverted.png", "corrupt-blank.png");
    @TempDir
    Path dir;

    @Test
    void scoreRanksCorruptedImagesAmongTheLeastLikelyAndWritesParquetSparkReadsBack() throws Exception {
        Path folder = dir.resolve("images");
        List<byte[]> test = FashionMnist.images(FashionMnist.TEST_IMAGES, CLEAN_IMAGES);
        for (int i = 0; i < test.size(); i++) {
            TestImages.grayPng(folder.resolve(String.format("test-%04d.png", i)), test.get(i), SIDE, SIDE);
        }
        byte[] noise = new byte[SIDE * SIDE];
        new Random(5).nextBytes(noise);
        byte[] inverted = test.get(0).clone();
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = (byte) (255 - (inverted[i] & 0xff));
        }
        TestImages.grayPng(folder.resolve("corrupt-noise.png"), noise, SIDE, SIDE);
        TestImages.grayPng(folder.resolve("corrupt-inverted.png"), inverted, SIDE, SIDE);
        TestImages.grayPng(folder.resolve("corrupt-blank.png"), constant(128), SIDE, SIDE);
        // a black frame is Fashion-MNIST's background everywhere: the model finds it the most likely image
        // of all, the known blind spot of likelihood models (Nalisnick et al. 2019); see the README
        TestImages.grayPng(folder.resolve("black.png"), constant(0), SIDE, SIDE);

        Path table = dir.resolve("scores.parquet");
        Path worst = dir.resolve("worst.png");
        Cli.Result result = Cli.run("score", "--model", TrainedRun.dir().toString(), "--data", folder.toString(),
                "--out", table.toString(), "--top", "6", "--top-out", worst.toString(), "--partitions", "3");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());

        JsonNode summary = new ObjectMapper().readTree(result.out());
        assertEquals(CLEAN_IMAGES + 4, summary.get("images").asInt());
        List<String> leastLikely = new ArrayList<>();
        summary.get("least_likely").forEach(n -> leastLikely.add(Path.of(n.get("image").asText()).getFileName().toString()));
        // 3 corrupted among 204 images: all of them within the 6 least likely
        assertTrue(leastLikely.containsAll(CORRUPTED), "least likely: " + leastLikely);

        BufferedImage grid = ImageIO.read(worst.toFile());
        assertEquals(GridTiles.side(3, MNIST), grid.getWidth(), "6 images, 3 to a row, labelled beneath");

        SparkSession spark = SparkSession.builder().master("local[2]").appName("read-scores")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> scores = spark.read().parquet(table.toString());
            assertEquals(List.of(ScoreTable.SCHEMA.fieldNames()), List.of(scores.columns()));
            assertEquals(CLEAN_IMAGES + 4, scores.count());
            double meanBits = scores.agg(functions.avg("bits_per_dim")).first().getDouble(0);
            assertEquals(summary.get("bits_per_dim").asDouble(), meanBits, 1e-9);
            List<String> ranking = scores.orderBy(functions.col("bits_per_dim").desc()).collectAsList().stream()
                    .map(row -> Path.of(row.getString(0)).getFileName().toString()).toList();
            assertEquals(ranking.size() - 1, ranking.indexOf("black.png"), "the black frame is the most likely image of "
                    + ranking.size() + ": " + ranking.subList(ranking.size() - 5, ranking.size()));
            assertEquals(ranking.subList(0, 6), leastLikely, "the summary's least likely are the table's");
            Row noiseRow = scores.filter(scores.col("image").endsWith("corrupt-noise.png")).first();
            assertEquals(noiseRow.getDouble(2) / (SIDE * SIDE * Math.log(2)), noiseRow.getDouble(1), 1e-9);
            assertTrue(noiseRow.getDouble(1) > 7, "uniform noise costs about 8 bits/dim: " + noiseRow.getDouble(1));
        } finally {
            spark.stop();
        }
    }

    @Test
    void scoreRefusesAnExistingOutput() throws Exception {
        Path table = java.nio.file.Files.createDirectories(dir.resolve("exists"));
        Cli.Result result = Cli.run("score", "--model", TrainedRun.dir().toString(), "--out", table.toString());
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.errorLines().contains(table + " already exists"), result.err());
    }

    @Test
    void completeKeepsTheGivenRowsPixelIdenticalAndSamplesTheRest() throws Exception {
        int keep = 12;
        int count = 4;
        Path out = dir.resolve("completions.png");
        Cli.Result result = Cli.run("complete", "--model", TrainedRun.dir().toString(), "--n", Integer.toString(count),
                "--keep-rows", Integer.toString(keep), "--out", out.toString(), "--seed", "4");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());

        BufferedImage grid = ImageIO.read(out.toFile());
        assertEquals(GridTiles.side(3, MNIST), grid.getWidth());
        assertEquals(count * 3 * SIDE + (count + 1) * ImageGrid.GUTTER, grid.getHeight(), "tiles enlarged 3x between gutters");
        // without --data: the run's own test set, first images first
        List<byte[]> originals = FashionMnist.images(FashionMnist.TEST_IMAGES, count);
        for (int i = 0; i < count; i++) {
            byte[] original = tile(grid, i, 0);
            byte[] occluded = tile(grid, i, 1);
            byte[] completed = tile(grid, i, 2);
            assertArrayEquals(originals.get(i), original, "original " + i);
            int kept = keep * SIDE;
            assertArrayEquals(Arrays.copyOf(original, kept), Arrays.copyOf(completed, kept), "kept rows of " + i);
            assertArrayEquals(Arrays.copyOf(original, kept), Arrays.copyOf(occluded, kept));
            for (int p = kept; p < SIDE * SIDE; p++) {
                assertEquals(128, occluded[p] & 0xff, "hidden part drawn grey");
            }
            assertTrue(!Arrays.equals(original, completed), "image " + i + " was completed, not copied");
        }
    }

    private static byte[] constant(int level) {
        byte[] image = new byte[SIDE * SIDE];
        Arrays.fill(image, (byte) level);
        return image;
    }

    private static byte[] tile(BufferedImage grid, int row, int column) {
        return GridTiles.pixels(grid, row * 3 + column, 3, MNIST);
    }

    private static final ImageShape MNIST = new ImageShape(1, SIDE, SIDE);
}
