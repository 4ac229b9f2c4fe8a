package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.ModelFiles;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.sample.ImageGrid;
import io.pixelcnn.sample.ImageSeeds;
import io.pixelcnn.sample.SampleJob;
import io.pixelcnn.sample.Samplers;
import io.pixelcnn.testing.LocalSpark;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Cli.Result result = sample(table, "--format", "parquet", "--partitions", "3");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertTrue(Files.exists(table.resolve("_SUCCESS")), "committed by Spark's committer");

        try (JavaSparkContext sc = LocalSpark.start("read-samples")) {
            List<Row> rows = SparkSession.builder().sparkContext(sc.sc()).getOrCreate().read()
                    .parquet(table.toString()).orderBy("index").collectAsList();
            assertEquals(IMAGES, rows.size());
            for (int i = 0; i < IMAGES; i++) {
                Row row = rows.get(i);
                assertEquals(i, row.getLong(row.fieldIndex("index")));
                assertEquals(ImageSeeds.of(SEED, i), row.getLong(row.fieldIndex("seed")));
                var image = ImageIO.read(new ByteArrayInputStream((byte[]) row.get(row.fieldIndex("png"))));
                assertEquals(28, image.getWidth());
                assertEquals(28, image.getHeight());
            }
        }
    }

    @Test
    void anExistingOutDirOrAWrongFormatIsOneLineBeforeAnyWork() throws Exception {
        Path existing = Files.createDirectories(dir.resolve("existing"));
        Path kept = Files.writeString(existing.resolve("keep.txt"), "mine");
        Cli.Result result = sample(existing);
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertEquals("error: --out-dir " + existing + " already exists: choose a new one",
                result.errorLines().lines().findFirst().orElseThrow());
        assertEquals("mine", Files.readString(kept));

        Cli.Result format = sample(dir.resolve("new"), "--format", "jpeg");
        assertEquals(ExitCodes.USAGE, format.exitCode(), format.err());
        assertTrue(format.errorLines().contains("format must be png or parquet, got 'jpeg'"), format.err());
        assertFalse(Files.exists(dir.resolve("new")));

        Cli.Result noDir = Cli.run("sample", "--model", TrainedRun.dir().toString(), "--format", "parquet");
        assertEquals(ExitCodes.USAGE, noDir.exitCode(), noDir.err());
        assertTrue(noDir.errorLines().contains("give --out-dir DIR"), noDir.err());
    }

    /** The PNG files of a run with {@code partitions} partitions, by index. */
    private byte[][] sampleFiles(int partitions) throws Exception {
        Path out = dir.resolve("partitions-" + partitions);
        Cli.Result result = sample(out, "--partitions", Integer.toString(partitions));
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        try (Stream<Path> files = Files.list(out)) {
            // (a local file system adds hidden .crc checksum files)
            assertEquals(IMAGES, files.filter(f -> !f.getFileName().toString().startsWith(".")).count(),
                    "one file per image in " + out);
        }
        byte[][] images = new byte[IMAGES][];
        for (int i = 0; i < IMAGES; i++) {
            images[i] = Files.readAllBytes(out.resolve(SampleJob.fileName(i)));
        }
        return images;
    }

    private static Cli.Result sample(Path outDir, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sample", "--model", TrainedRun.dir().toString(),
                "--n", Integer.toString(IMAGES), "--sample-batch", Integer.toString(BATCH), "--seed", Long.toString(SEED),
                "--out-dir", outDir.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }
}
