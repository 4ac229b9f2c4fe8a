package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * What the README promises of {@code score --sort}, {@code evaluate}'s interval, the defaults' precedence,
 * {@code sample --out-dir}'s partitions and grid and {@code --image-column}, on
 * one tiny run trained once for the class (800 images, one epoch, hidden 8, one block, set through a
 * {@code --conf} file and the command line): cheap, and trained enough that images score differently.
 */
class ReadmePromisesTest {

    private static final int DIMS = FashionMnist.SIDE * FashionMnist.SIDE;
    private static final int IMAGES = 200;

    @TempDir
    static Path dir;
    private static Path run;
    private static Cli.Result training;

    /** Given in the {@code --conf} file; {@code blocks} is given on the command line too, which wins. */
    private static final Map<String, String> CONF_FILE = Map.of("hidden", "8", "blocks", "3", "train-limit", "800",
            "test-limit", Integer.toString(IMAGES), "train-eval-limit", "200");
    private static final Map<String, String> COMMAND_LINE = Map.of("blocks", "1", "epochs", "1", "workers", "2",
            "partitions", "2");

    @BeforeAll
    static void trainOneTinyEpoch() throws IOException {
        run = dir.resolve("run");
        StringBuilder conf = new StringBuilder();
        CONF_FILE.forEach((key, value) -> conf.append(key).append('=').append(value).append('\n'));
        Path confFile = Files.writeString(dir.resolve("tiny.conf"), conf);
        List<String> args = new ArrayList<>(List.of("train", "--conf", confFile.toString(), "--run-dir", run.toString(),
                "--report-samples", "0"));
        COMMAND_LINE.forEach((key, value) -> args.addAll(List.of("--" + key, value)));
        training = Cli.run(args.toArray(String[]::new));
    }

    /**
     * README, Commands: "Options default to {@code conf/pixelcnn.conf} (bundled in the jar); {@code --conf FILE}
     * reads another file of the same form; the command line wins over both", seen in the run's saved
     * {@code config.properties}: each key from the command line if given there, else from the file, else the
     * bundled default (read here from {@code conf/pixelcnn.conf} itself). The file overlays the bundled
     * defaults key by key rather than replacing them: keys it leaves out keep their bundled values.
     */
    @Test
    void commandLineWinsOverTheConfFileWhichWinsOverTheBundledDefaults() throws Exception {
        assertEquals(ExitCodes.OK, training.exitCode(), training.err());
        Properties bundled = properties(Path.of("conf/pixelcnn.conf"));
        Properties saved = properties(run.resolve("config.properties"));
        for (String key : saved.stringPropertyNames()) {
            String expected = COMMAND_LINE.getOrDefault(key, CONF_FILE.getOrDefault(key, bundled.getProperty(key)));
            if (key.endsWith("-data")) {
                expected = "file:" + expected; // a run saves its datasets' paths qualified (PathsTravelTest)
            }
            assertEquals(expected, saved.getProperty(key), key);
        }
        // the three sources each decided at least one key, and the saved file has every bundled key but one
        assertEquals("1", saved.getProperty("blocks"), "command line over --conf");
        assertEquals("8", saved.getProperty("hidden"), "--conf over bundled");
        Set<String> keys = new TreeSet<>(bundled.stringPropertyNames());
        keys.remove(TrainCommand.REPORT_SAMPLES);
        assertEquals(keys, new TreeSet<>(saved.stringPropertyNames()));
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }

    /** README, score: "{@code --sort} writes the least likely first". */
    @Test
    void scoreSortWritesTheLeastLikelyImageFirst() throws Exception {
        assertEquals(ExitCodes.OK, training.exitCode(), training.err());
        List<Row> rows = scoreAsCsv("sorted", "--sort");
        assertEquals(IMAGES, rows.size());
        // the part files in name order are the table's row order, as any reader that concatenates them sees it;
        // read here with plain Java so Spark's own (size-ordered) split planning cannot reorder them
        for (int i = 1; i < rows.size(); i++) {
            Row before = rows.get(i - 1);
            Row after = rows.get(i);
            assertTrue(before.bitsPerDim() > after.bitsPerDim()
                            || before.bitsPerDim() == after.bitsPerDim() && before.image().compareTo(after.image()) < 0,
                    "row " + (i - 1) + " " + before + " before row " + i + " " + after);
        }
        // the rows are the images' own scores, not a sorted column beside the wrong names
        for (Row row : rows) {
            assertEquals(row.nllNats() / (DIMS * Math.log(2)), row.bitsPerDim(), 1e-12, row.toString());
        }
        // without --sort the same table is not in that order (so the check above could fail)
        List<Double> unsorted = scoreAsCsv("unsorted").stream().map(Row::bitsPerDim).toList();
        List<Double> descending = new ArrayList<>(unsorted);
        descending.sort((a, b) -> Double.compare(b, a));
        assertTrue(!unsorted.equals(descending), "200 images in file order happen to be sorted");
    }

    /**
     * README, evaluate: "{@code bits_per_dim_ci95} (95% interval of the mean of per-image bits/dim, normal
     * approximation), {@code per_image_std}": recomputed here from {@code score}'s per-image NLLs of the same
     * model and images, by the textbook formulas (sample standard deviation, mean ± z * std / sqrt(n)).
     */
    @Test
    void evaluatesIntervalAndStdAreThoseOfThePerImageBitsPerDim() throws Exception {
        assertEquals(ExitCodes.OK, training.exitCode(), training.err());
        Cli.Result result = Cli.run("evaluate", "--model", run.toString(), "--limit", Integer.toString(IMAGES),
                "--partitions", "2");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        JsonNode evaluation = new ObjectMapper().readTree(result.out());

        List<Row> rows = scoreAsCsv("per-image");
        int n = rows.size();
        assertEquals(IMAGES, n);
        double[] bits = rows.stream().mapToDouble(r -> r.nllNats() / (DIMS * Math.log(2))).toArray();
        double mean = 0;
        for (double b : bits) {
            mean += b / n;
        }
        double squares = 0;
        for (double b : bits) {
            squares += (b - mean) * (b - mean);
        }
        double std = Math.sqrt(squares / (n - 1));
        // the 0.975 quantile of the standard normal distribution
        double halfWidth = 1.959963984540054 * std / Math.sqrt(n);
        // evaluate prints 6 decimals; score and evaluate are separate forward passes (float sums may differ slightly)
        double printed = 2e-6;
        assertEquals(n, evaluation.get("images").asInt());
        assertEquals(mean, evaluation.get("bits_per_dim").asDouble(), printed);
        assertEquals(std, evaluation.get("per_image_std").asDouble(), printed);
        assertEquals(mean - halfWidth, evaluation.get("bits_per_dim_ci95").get(0).asDouble(), printed);
        assertEquals(mean + halfWidth, evaluation.get("bits_per_dim_ci95").get(1).asDouble(), printed);
        // a spread that could be told from zero or from a population (n) divisor: not a vacuous check
        assertTrue(std > 1e-3, "per-image std " + std);
    }

    /**
     * README, sample: with {@code --out-dir} "the blocks spread over {@code --partitions} (default four per
     * executor core of the cluster, ..., at most one per block)", and "A grid is written too only when
     * {@code --out} is given, of the first 64 images". On local[2] (2 cores): 14 blocks of 5 give 8 tasks,
     * 3 blocks give 3; counted by a Spark listener from the stages of the sampling job itself.
     */
    @Test
    void sampleOutDirDefaultsToFourPartitionsPerCoreAndGridsTheFirst64() throws Exception {
        assertEquals(ExitCodes.OK, training.exitCode(), training.err());
        Path many = dir.resolve("samples-70");
        Path grid = dir.resolve("grid-70.png");
        assertEquals(Set.of(8), sampleTasks(many, 70, "--out", grid.toString()), "14 blocks, 2 cores: 4 x 2");
        assertEquals(Set.of(3), sampleTasks(dir.resolve("samples-15"), 15), "3 blocks: one partition each");
        assertTrue(Files.notExists(dir.resolve("samples.png")) && Files.notExists(Path.of("samples.png")),
                "no grid without --out");

        BufferedImage drawn = ImageIO.read(grid.toFile());
        int side = FashionMnist.SIDE;
        io.pixelcnn.data.ImageShape shape = new io.pixelcnn.data.ImageShape(1, side, side);
        // 64 images, 8 to a row: images 64..69 are not in it
        assertEquals(io.pixelcnn.testing.GridTiles.side(8, shape), drawn.getWidth());
        assertEquals(io.pixelcnn.testing.GridTiles.side(8, shape), drawn.getHeight());
        for (int i = 0; i < 64; i++) {
            BufferedImage file = ImageIO.read(many.resolve(String.format("sample-%07d.png", i)).toFile());
            byte[] tile = io.pixelcnn.testing.GridTiles.pixels(drawn, i, 8, shape);
            for (int p = 0; p < side * side; p++) {
                assertEquals(file.getRaster().getSample(p % side, p / side, 0), tile[p] & 0xff,
                        "grid tile " + i + " is sample " + i + " at pixel " + p);
            }
        }
    }

    /** Task counts of the stages of the {@code sample --out-dir} job, seen by a listener Spark itself starts. */
    private static Set<Integer> sampleTasks(Path outDir, int count, String... extra) {
        SampleStages.tasks.clear();
        List<String> args = new ArrayList<>(List.of("sample", "--model", run.toString(), "--n", Integer.toString(count),
                "--sample-batch", "5", "--seed", "3", "--out-dir", outDir.toString()));
        args.addAll(List.of(extra));
        System.setProperty("spark.extraListeners", SampleStages.class.getName());
        try {
            Cli.Result result = Cli.run(args.toArray(String[]::new));
            assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        } finally {
            System.clearProperty("spark.extraListeners");
        }
        return Set.copyOf(SampleStages.tasks);
    }

    /** Records the task count of every stage of a job described as {@code sample: ...} (SampleJob's description). */
    public static final class SampleStages extends SparkListener {
        static final List<Integer> tasks = new CopyOnWriteArrayList<>();

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            String description = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
            if (description != null && description.startsWith("sample: ")) {
                for (StageInfo stage : JavaConverters.seqAsJavaList(job.stageInfos())) {
                    tasks.add(stage.numTasks());
                }
            }
        }
    }

    /**
     * README, data: "{@code --image-column NAME}" reads a table's images from a column of another name. The table
     * holds the run's first 200 test images as plain PNG bytes in {@code picture}, beside a decoy {@code image}
     * column (the default name) of inverted images, and a {@code path} that names each: every image's score
     * must equal that of the same image read from the IDX file.
     */
    @Test
    void imageColumnReadsTheNamedColumnOfATable() throws Exception {
        assertEquals(ExitCodes.OK, training.exitCode(), training.err());
        List<byte[]> images = FashionMnist.images(FashionMnist.TEST_IMAGES, IMAGES);
        Path table = dir.resolve("pictures.parquet");
        StructType schema = new StructType().add("image", DataTypes.BinaryType).add("picture", DataTypes.BinaryType)
                .add("path", DataTypes.StringType);
        List<org.apache.spark.sql.Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            byte[] inverted = images.get(i).clone();
            for (int p = 0; p < inverted.length; p++) {
                inverted[p] = (byte) (255 - (inverted[p] & 0xff));
            }
            rows.add(RowFactory.create(TestImages.grayPngBytes(inverted, 28, 28),
                    TestImages.grayPngBytes(images.get(i), 28, 28), String.format("picture-%04d.png", i)));
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write-table")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            spark.createDataFrame(rows, schema).coalesce(2).write().parquet(table.toString());
        } finally {
            spark.stop();
        }

        Map<Integer, Double> fromIdx = new TreeMap<>();
        for (Row row : scoreAsCsv("idx-for-table")) {
            fromIdx.put(Integer.parseInt(row.image().substring(row.image().lastIndexOf('#') + 1)), row.nllNats());
        }
        Map<Integer, Double> fromColumn = new TreeMap<>();
        for (Row row : score(table, "picture-column", "--image-column", "picture")) {
            fromColumn.put(Integer.parseInt(row.image().replaceAll("\\D", "")), row.nllNats());
        }
        assertEquals(fromIdx.keySet(), fromColumn.keySet());
        fromIdx.forEach((i, nll) -> assertEquals(nll, fromColumn.get(i), 1e-6 * nll, "image " + i));
        // the default column here is the decoy: read, it scores other images (so the check above could fail)
        List<Row> decoy = score(table, "image-column");
        assertTrue(decoy.stream().anyMatch(r -> Math.abs(r.nllNats()
                        - fromIdx.get(Integer.parseInt(r.image().replaceAll("\\D", "")))) > 1),
                "the decoy column scores like the pictures");
    }

    record Row(String image, double bitsPerDim, double nllNats) {
    }

    /** {@code score} of the run's first 200 test images as CSV; the rows in the order of the part files. */
    private static List<Row> scoreAsCsv(String name, String... extra) throws IOException {
        return score(FashionMnist.TEST_IMAGES, name, extra);
    }

    /** {@code score} of the first 200 images of {@code data} as CSV; the rows in the file's order. */
    private static List<Row> score(Path data, String name, String... extra) throws IOException {
        Path out = dir.resolve(name + ".csv");
        List<String> args = new ArrayList<>(List.of("score", "--model", run.toString(), "--data",
                data.toString(), "--limit", Integer.toString(IMAGES), "--partitions", "2",
                "--format", "csv", "--out", out.toString()));
        args.addAll(List.of(extra));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("image,bits_per_dim,nll_nats", lines.get(0), out.toString());
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            rows.add(new Row(cells[0], Double.parseDouble(cells[1]), Double.parseDouble(cells[2])));
        }
        return rows;
    }
}
