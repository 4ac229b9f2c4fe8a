package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.sample.Replay;
import io.pixelcnn.sample.SampleWriter;
import io.pixelcnn.sample.Samplers;
import io.pixelcnn.testing.FailingFileSystem;
import io.pixelcnn.testing.LocalSpark;
import io.pixelcnn.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sample --out-dir} on Spark local[2]: the images depend on the seed alone, not on how the job is cut
 * into partitions, and come out complete as PNG files or a Parquet table.
 */
class DistributedSamplingTest {

    private static final int IMAGES = 23;
    /** Blocks of 5: four whole ones and a short last one, so partitions get uneven shares. */
    private static final int BATCH = 5;
    private static final long SEED = 11;

    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesByteIdenticalImagesWithOneThreeAndSevenPartitionsAndAsOnOneMachine() throws Exception {
        byte[][] one = sampleFiles(1);
        byte[][] three = sampleFiles(3);
        byte[][] seven = sampleFiles(7);
        ComputationGraph model = ModelFiles.load(new org.apache.hadoop.fs.Path(TrainedRun.dir().resolve("model.zip").toString()),
                new org.apache.hadoop.conf.Configuration(), false);
        ImageShape shape = ModelGraph.imageShape(model.getConfiguration());
        List<byte[]> local = Samplers.forModel(model, shape, BATCH).sample(0, IMAGES, SEED);
        for (int i = 0; i < IMAGES; i++) {
            assertArrayEquals(one[i], three[i], "image " + i + ": 1 and 3 partitions");
            assertArrayEquals(one[i], seven[i], "image " + i + ": 1 and 7 partitions");
            assertArrayEquals(ImageGrid.png(local.get(i), shape), one[i], "image " + i + ": executors and one machine");
        }
        assertFalse(Stream.of(one).allMatch(png -> java.util.Arrays.equals(png, one[0])), "images differ from each other");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "no temporary folder left behind");
        }
    }

    @Test
    void aParquetTableHoldsEveryIndexOnceWithItsSeedAndADecodablePng() throws Exception {
        Path table = dir.resolve("table");
        Path grid = dir.resolve("grid.png");
        Cli.Result result;
        String log;
        try (LogCapture capture = new LogCapture()) {
            result = sample(table, "--format", "parquet", "--partitions", "3", "--out", grid.toString());
            log = capture.text();
        }
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertTrue(Files.exists(table.resolve("_SUCCESS")), "committed by Spark's committer");
        assertTrue(log.contains("sample  " + IMAGES + "/" + IMAGES + " images  "), "progress line: " + log);
        assertTrue(log.matches("(?s).*" + IMAGES + " images of 28x28 grayscale in [0-9.]+s \\([0-9.]+ images/s\\) written to "
                + java.util.regex.Pattern.quote(table.toString()) + " \\(parquet\\).*"), "final line: " + log);
        // --out given too: a grid of the 23 images, made again on the driver: 5 columns (the smallest square
        // that holds them is 5 x 5) of 28-pixel tiles enlarged 3x between 6 gutters: 5 x 84 + 6 x 4 = 444 pixels each way
        var gridImage = ImageIO.read(grid.toFile());
        assertEquals(444, gridImage.getWidth());
        assertEquals(444, gridImage.getHeight());

        ComputationGraph model = ModelFiles.load(new org.apache.hadoop.fs.Path(
                TrainedRun.dir().resolve("model.zip").toString()), new org.apache.hadoop.conf.Configuration(), false);
        ImageShape shape = ModelGraph.imageShape(model.getConfiguration());
        Set<Long> seeds = new HashSet<>();
        try (JavaSparkContext sc = LocalSpark.start("read-samples")) {
            List<Row> rows = SparkSession.builder().sparkContext(sc.sc()).getOrCreate().read()
                    .parquet(table.toString()).orderBy("index").collectAsList();
            assertEquals(IMAGES, rows.size());
            for (int i = 0; i < IMAGES; i++) {
                Row row = rows.get(i);
                assertEquals(i, row.getLong(row.fieldIndex("index")));
                var image = ImageIO.read(new ByteArrayInputStream((byte[]) row.get(row.fieldIndex("png"))));
                assertEquals(28, image.getWidth());
                assertEquals(28, image.getHeight());
                byte[] pixels = new byte[28 * 28];
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        pixels[y * 28 + x] = (byte) image.getRaster().getSample(x, y, 0);
                        // the grid enlarges each pixel to a 3 x 3 block: its top-left corner
                        int tile = gridImage.getRaster().getSample(ImageGrid.GUTTER + i % 5 * (84 + ImageGrid.GUTTER) + 3 * x,
                                ImageGrid.GUTTER + i / 5 * (84 + ImageGrid.GUTTER) + 3 * y, 0);
                        assertEquals(pixels[y * 28 + x] & 0xff, tile, "image " + i + " in row " + i / 5 + ", column "
                                + i % 5 + " of the grid, at (" + x + ", " + y + ")");
                    }
                }
                // the seed column is the image's own stream: replaying the model's draws with it gives the image
                long seed = row.getLong(row.fieldIndex("seed"));
                assertTrue(seeds.add(seed), "a seed of its own: " + seed);
                Replay.assertDrawnWithStream(model, shape, pixels, seed, 0, "image " + i + " from its seed " + seed);
            }
        }
    }

    @Test
    void anExistingOutDirOrAWrongFormatIsOneLineBeforeAnyWork() throws Exception {
        Path existing = Files.createDirectories(dir.resolve("existing"));
        Path kept = Files.writeString(existing.resolve("keep.txt"), "mine");
        Cli.Result result = sample(existing);
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertEquals("error: --out-dir " + existing + " already exists: choose a new one, or add --overwrite to replace it",
                result.errorLines().lines().findFirst().orElseThrow());
        assertEquals("mine", Files.readString(kept));

        Cli.Result format = sample(dir.resolve("new"), "--format", "jpeg");
        assertEquals(ExitCodes.USAGE, format.exitCode(), format.err());
        assertTrue(format.errorLines().contains("format must be png or parquet, got 'jpeg'"), format.err());
        assertFalse(Files.exists(dir.resolve("new")));

        Cli.Result noDir = Cli.run("sample", "--model", TrainedRun.dir().toString(), "--format", "parquet");
        assertEquals(ExitCodes.USAGE, noDir.exitCode(), noDir.err());
        assertTrue(noDir.errorLines().contains("give --out-dir DIR"), noDir.err());

        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        Cli.Result below = sample(file.resolve("images"));
        assertEquals(ExitCodes.USAGE, below.exitCode(), below.err());
        assertEquals("error: --out-dir " + file + ", above " + file.resolve("images") + " is a file, not a directory",
                below.errorLines());

        Cli.Result grid = sample(dir.resolve("new"), "--out", file.resolve("grid.png").toString());
        assertEquals(ExitCodes.USAGE, grid.exitCode(), grid.err());
        assertEquals("error: --out " + file + " is a file, not a directory", grid.errorLines());
        assertFalse(Files.exists(dir.resolve("new")));

        Cli.Result none = Cli.run("sample", "--model", TrainedRun.dir().toString(), "--n", "0", "--out-dir",
                dir.resolve("none").toString());
        assertEquals(ExitCodes.USAGE, none.exitCode(), none.err());
        assertTrue(none.errorLines().startsWith("error: --n and --sample-batch must be at least 1"), none.err());
        assertFalse(Files.exists(dir.resolve("none")));
    }

    /**
     * The file system fails in the middle of the job, after some images were written: the command fails,
     * and neither DIR nor the hidden folder the tasks wrote into is left behind. For the table the fault
     * is the last file of all, Spark's _SUCCESS marker: the part files are complete by then, but without
     * the rename into place they would be a table that looks whole.
     */
    @Test
    void aJobThatFailsMidWayLeavesNothingBehind() throws Exception {
        System.setProperty(FailingFileSystem.implementationKey(), FailingFileSystem.class.getName());
        try {
            Path parent = Files.createDirectories(dir.resolve("failing"));
            // partition 1 of 3 holds blocks 10-14 and 15-19: images 10 to 16 are written before 17 fails
            FailingFileSystem.failCreating(SampleWriter.fileName(17));
            Cli.Result files = sample(FailingFileSystem.SCHEME + ":" + parent.resolve("images"), "--partitions", "3");
            assertEquals(ExitCodes.FAILED, files.exitCode(), files.err());
            assertTrue(files.err().contains("cannot create") && files.err().contains(SampleWriter.fileName(17)), files.err());
            assertTrue(FailingFileSystem.created() >= 7, "images written before the fault: " + FailingFileSystem.created());
            assertEquals(List.of(), list(parent), "nothing left in " + parent);

            FailingFileSystem.failCreating("_SUCCESS");
            Cli.Result table = sample(FailingFileSystem.SCHEME + ":" + parent.resolve("table"), "--format", "parquet",
                    "--partitions", "3");
            assertEquals(ExitCodes.FAILED, table.exitCode(), table.err());
            assertTrue(table.err().contains("_SUCCESS"), table.err());
            assertTrue(FailingFileSystem.created() >= 3, "part files written before the fault: " + FailingFileSystem.created());
            assertEquals(List.of(), list(parent), "nothing left in " + parent);
        } finally {
            System.clearProperty(FailingFileSystem.implementationKey());
            FailingFileSystem.failCreating("\u0000");
        }
    }

    /**
     * A task fails once, after its first block was generated and counted, and Spark retries it (local[2,2]:
     * two attempts per task): the images are all there, and the progress counts each image once. (Spark
     * drops a failed attempt's accumulator updates itself; a successful task run again because its output
     * was lost is what {@code SuccessfulTaskTotals} keeps from counting twice, shown by
     * SuccessfulTaskTotalsTest.)
     */
    @Test
    void aRetriedTaskCountsOnceInTheProgressAndItsImagesAreComplete() throws Exception {
        String master = System.getProperty("spark.master");
        System.setProperty("spark.master", "local[2,2]");
        System.setProperty(FailingFileSystem.implementationKey(), FailingFileSystem.class.getName());
        try (LogCapture capture = new LogCapture()) {
            FailingFileSystem.failCreating(SampleWriter.fileName(17), 1);
            Path out = dir.resolve("retried");
            Cli.Result result = sample(FailingFileSystem.SCHEME + ":" + out, "--partitions", "3");
            assertEquals(ExitCodes.OK, result.exitCode(), result.err());
            assertEquals(1, FailingFileSystem.faults(), "the fault happened");
            assertEquals(IMAGES, list(out).stream().filter(name -> name.startsWith("sample-")).count());
            List<String> progress = capture.text().lines().filter(line -> line.startsWith("sample  ")).toList();
            assertFalse(progress.isEmpty(), capture.text());
            assertTrue(progress.get(progress.size() - 1).startsWith("sample  " + IMAGES + "/" + IMAGES + " images"),
                    "the failed attempt's 10 images are not counted: " + progress);
        } finally {
            System.setProperty("spark.master", master);
            System.clearProperty(FailingFileSystem.implementationKey());
            FailingFileSystem.failCreating("\u0000");
        }
    }

    @Test
    void theHelpNamesTheClusterOptions() {
        String help = Cli.run("sample", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--out-dir=DIR Generate on the executors"), help);
        assertTrue(help.contains("--format=png|parquet"), help);
        assertTrue(help.contains("--partitions=N"), help);
        assertTrue(help.contains("must not exist yet"), help);
    }

    private static List<String> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The PNG files of a run with {@code partitions} partitions, by index. */
    private byte[][] sampleFiles(int partitions) throws Exception {
        Path out = dir.resolve("partitions-" + partitions);
        Cli.Result result = sample(out, "--partitions", Integer.toString(partitions));
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        List<String> names = list(out);
        assertEquals(IMAGES, names.size(), "one file per image, no checksum files beside them: " + names);
        byte[][] images = new byte[IMAGES][];
        for (int i = 0; i < IMAGES; i++) {
            images[i] = Files.readAllBytes(out.resolve(SampleWriter.fileName(i)));
        }
        return images;
    }

    private static Cli.Result sample(Path outDir, String... more) {
        return sample(outDir.toString(), more);
    }

    private static Cli.Result sample(String outDir, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sample", "--model", TrainedRun.dir().toString(),
                "--n", Integer.toString(IMAGES), "--sample-batch", Integer.toString(BATCH), "--seed", Long.toString(SEED),
                "--out-dir", outDir));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }
}
