package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.model.ModelGraph;
import io.pixelcnn.testing.Corpus;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LogCapture;
import io.pixelcnn.testing.TestImages;
import io.pixelcnn.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A data team's own images, through the command line on real Spark local[2]: a folder of photos of
 * every size and kind, a Parquet table laid out as Hugging Face exports it, and broken files among good ones.
 */
class OwnImagesTest {

    /** Small enough for a few seconds per run: the data path is under test here, not the model. */
    private static final List<String> TINY = List.of("--hidden", "4", "--blocks", "1", "--epochs", "1",
            "--batch-size", "8", "--averaging-frequency", "2", "--workers", "2", "--report-samples", "0");
    private static final int COPIES = 3;

    @TempDir
    static Path dir;
    private static Path photos;

    @BeforeAll
    static void writePhotos() throws Exception {
        photos = Corpus.mixedPhotos(dir.resolve("photos"), COPIES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"crop", "pad", "stretch"})
    void photosOfEverySizeAndKindTrainAtTheChosenSize(String resize) throws Exception {
        Path run = dir.resolve("photos-" + resize);
        Cli.Result result = train(run, photos, photos, "--channels", "3", "--image-size", "28x28", "--resize", resize);
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        int images = 8 * COPIES;
        assertTrue(result.err().contains(images + " training and " + images + " test images of 28x28 with 3 channels"),
                result.err());
        var model = ModelSerializer.restoreComputationGraph(run.resolve(RunDirectory.MODEL).toFile(), false);
        assertEquals(new ImageShape(3, 28, 28), ModelGraph.imageShape(model.getConfiguration()));
        Properties config = config(run);
        assertEquals("28x28", config.getProperty("image-size"));
        assertEquals(resize, config.getProperty("resize"));
        assertEquals(images, metrics(run).get(1).images());
        assertTrue(metrics(run).get(1).testBitsPerDim() < 8.0);

        // the run fits new images with its --resize: 28 x 56 photos of 2 x 2 blocks and the same photos fitted
        // by hand score alike, image by image (every output pixel is exactly one block or one source pixel)
        Path fits = dir.resolve("fits-" + resize);
        Files.createDirectories(fits);
        for (int n = 0; n < 3; n++) {
            BufferedImage photo = new BufferedImage(56, 28, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 56; x++) {
                    photo.setRGB(x, y, block(n, y / 2, x / 2));
                }
            }
            BufferedImage fitted = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB); // black
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    switch (resize) {
                        case "crop" -> fitted.setRGB(x, y, photo.getRGB(14 + x, y)); // the centred 28 x 28
                        case "stretch" -> fitted.setRGB(x, y, block(n, y / 2, x)); // columns halved, rows kept
                        default -> { // pad: halved to 28 x 14, 7 black rows above and below
                            if (y >= 7 && y < 21) {
                                fitted.setRGB(x, y, block(n, y - 7, x));
                            }
                        }
                    }
                }
            }
            ImageIO.write(photo, "png", fits.resolve("photo-" + n + ".png").toFile());
            ImageIO.write(fitted, "png", fits.resolve("by-hand-" + n + ".png").toFile());
        }
        Map<String, Double> scores = scores(run, fits, dir.resolve("fits-" + resize + "-scores"));
        for (int n = 0; n < 3; n++) {
            assertEquals(scores.get("by-hand-" + n + ".png"), scores.get("photo-" + n + ".png"), 1e-9,
                    "photo " + n + " fitted by --resize " + resize + ": " + scores);
        }
    }

    @Test
    void evaluateAndScoreFitNewPhotosAsTheRunDid() throws Exception {
        Path run = dir.resolve("photos-crop-reused");
        assertEquals(ExitCodes.OK, train(run, photos, photos, "--channels", "3", "--image-size", "28x28").exitCode());
        // 56 x 84 photos made of 2x2 blocks: cropped to the centred 56 x 56 (columns 14-69) and halved, each
        // output pixel is exactly one block; the same images, fitted by hand, go into a second folder
        Path wide = dir.resolve("new-wide");
        Path byHand = dir.resolve("new-by-hand");
        for (int n = 0; n < 6; n++) {
            BufferedImage photo = new BufferedImage(84, 56, BufferedImage.TYPE_INT_RGB);
            BufferedImage fitted = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 56; y++) {
                for (int x = 0; x < 84; x++) {
                    photo.setRGB(x, y, block(n, y / 2, x / 2));
                }
            }
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    fitted.setRGB(x, y, block(n, y, 7 + x));
                }
            }
            Files.createDirectories(wide);
            Files.createDirectories(byHand);
            ImageIO.write(photo, "png", wide.resolve("photo-" + n + ".png").toFile());
            ImageIO.write(fitted, "png", byHand.resolve("photo-" + n + ".png").toFile());
        }
        double wideBits = bits(Cli.run("evaluate", "--model", run.toString(), "--data", wide.toString()));
        double byHandBits = bits(Cli.run("evaluate", "--model", run.toString(), "--data", byHand.toString()));
        assertEquals(byHandBits, wideBits, 1e-6);
        // the model carries its run's configuration: copied away from the run, it still crops new photos
        Path copy = Files.createDirectories(dir.resolve("elsewhere")).resolve("model.zip");
        Files.copy(run.resolve(RunDirectory.MODEL), copy);
        assertEquals(wideBits, bits(Cli.run("evaluate", "--model", copy.toString(), "--data", wide.toString())), 1e-6);

        Map<String, Double> wideScores = scores(run, wide, dir.resolve("scores-wide"));
        Map<String, Double> byHandScores = scores(run, byHand, dir.resolve("scores-by-hand"));
        assertEquals(6, wideScores.size());
        wideScores.forEach((name, score) -> assertEquals(byHandScores.get(name), score, 1e-9, name));
    }

    @Test
    void aParquetTableAsHuggingFaceExportsItTrainsEvaluatesAndScoresLikeTheSameImagesInAFolder() throws Exception {
        List<byte[]> trainImages = FashionMnist.images(FashionMnist.TRAIN_IMAGES, 240);
        List<byte[]> testImages = FashionMnist.images(FashionMnist.TEST_IMAGES, 80);
        Path trainTable = dir.resolve("fashion-train.parquet");
        Path testTable = dir.resolve("fashion-test.parquet");
        Path testFolder = Corpus.fashionPngs(dir.resolve("fashion-test-png"), testImages);
        Path binaryFileTable = dir.resolve("fashion-test-binaryfile.parquet");
        Path orcTable = dir.resolve("fashion-test.orc");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write-tables")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            huggingFaceLayout(spark, trainImages).write().parquet(trainTable.toString());
            huggingFaceLayout(spark, testImages).write().parquet(testTable.toString());
            spark.read().format("binaryFile").load(testFolder.toString()).write().parquet(binaryFileTable.toString());
            huggingFaceLayout(spark, testImages).write().orc(orcTable.toString());
        } finally {
            spark.stop();
        }

        Path run = dir.resolve("from-table");
        Cli.Result training = train(run, trainTable, testTable);
        assertEquals(ExitCodes.OK, training.exitCode(), training.err());
        assertTrue(training.err().contains("240 training and 80 test images of 28x28 grayscale"), training.err());

        double fromTable = bits(Cli.run("evaluate", "--model", run.toString()));
        double fromFolder = bits(Cli.run("evaluate", "--model", run.toString(), "--data", testFolder.toString()));
        double fromBinaryFile = bits(Cli.run("evaluate", "--model", run.toString(), "--data", binaryFileTable.toString()));
        double fromOrc = bits(Cli.run("evaluate", "--model", run.toString(), "--data", orcTable.toString(),
                "--data-format", "orc"));
        assertEquals(fromFolder, fromTable, 1e-6);
        assertEquals(fromFolder, fromBinaryFile, 1e-6);
        assertEquals(fromFolder, fromOrc, 1e-6);
        assertEquals(metrics(run).get(1).testBitsPerDim(), fromTable, 1e-6);

        Map<String, Double> tableScores = scores(run, testTable, dir.resolve("scores-table"));
        Map<String, Double> folderScores = scores(run, testFolder, dir.resolve("scores-folder"));
        assertEquals(80, tableScores.size());
        assertTrue(tableScores.containsKey("image-0042.png"), "named by the struct's path: " + tableScores.keySet());
        tableScores.forEach((name, score) -> assertEquals(folderScores.get(name), score, 1e-9, name));
    }

    @Test
    void dropMalformedSkipsExactlyTheBrokenFilesAndListsThemWithTheirReasons() throws Exception {
        Path folder = Corpus.fashionPngs(dir.resolve("with-broken"), FashionMnist.images(FashionMnist.TEST_IMAGES, 36));
        List<String> broken = Corpus.malformedFiles(folder);
        // without --image-size, an image of another size than the others is malformed too
        TestImages.grayPng(folder.resolve("wide.png"), 32, 32, 7);
        Path run = dir.resolve("dropped");
        Cli.Result result = train(run, folder, folder, "--mode", "DROPMALFORMED", "--max-malformed", "0.2");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertTrue(result.err().contains("36 training and 36 test images of 28x28 grayscale in 2 partitions; "
                + "5 training and 5 test images skipped as malformed"), result.err());
        assertEquals(36, metrics(run).get(1).images());

        List<String> rows = Files.readAllLines(run.resolve(RunDirectory.SKIPPED));
        assertEquals("dataset,image,reason", rows.get(0));
        Map<String, String> trainReasons = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            List<String> fields = csvFields(row);
            if (fields.get(0).equals("train")) {
                trainReasons.put(Path.of(fields.get(1)).getFileName().toString(), fields.get(2));
            }
        }
        assertEquals(11, rows.size(), "a header and the 5 malformed files of each dataset:\n" + rows);
        assertTrue(trainReasons.remove("wide.png").startsWith("32x32 image, expected 28x28 like image-"), rows.toString());
        assertEquals(Map.of(
                "zero.png", "empty: 0 bytes",
                "notes.png", "not an image file (PNG, JPEG, GIF, BMP or TIFF)",
                "cut.jpg", "truncated image",
                "bomb.png", "50000x50000 image: more than 89,478,485 pixels (a decompression bomb?)"), trainReasons);
        assertEquals(broken.size(), trainReasons.size());

        Cli.Result evaluation = Cli.run("evaluate", "--model", run.toString(), "--data", folder.toString(),
                "--mode", "DROPMALFORMED", "--max-malformed", "0.2");
        JsonNode evaluated = new ObjectMapper().readTree(evaluation.out());
        assertEquals(36, evaluated.get("images").asInt());
        assertEquals(5, evaluated.get("skipped").asInt());
        Cli.Result scoring = Cli.run("score", "--model", run.toString(), "--data", folder.toString(), "--mode",
                "DROPMALFORMED", "--max-malformed", "0.2", "--out", dir.resolve("dropped-scores").toString());
        JsonNode scored = new ObjectMapper().readTree(scoring.out());
        assertEquals(36, scored.get("images").asInt());
        assertEquals(5, scored.get("skipped").asInt());

        // --max-malformed's default is 1%: one bad image in 100 is dropped, two stop the command
        Path onePercent = Corpus.fashionPngs(dir.resolve("one-percent"), FashionMnist.images(FashionMnist.TEST_IMAGES, 99));
        Files.write(onePercent.resolve("zero.png"), new byte[0]);
        JsonNode dropped = new ObjectMapper().readTree(Cli.run("evaluate", "--model", run.toString(), "--data",
                onePercent.toString(), "--mode", "DROPMALFORMED").out());
        assertEquals(99, dropped.get("images").asInt(), dropped.toString());
        assertEquals(1, dropped.get("skipped").asInt());
        Files.delete(onePercent.resolve("image-0098.png"));
        Files.write(onePercent.resolve("zero-too.png"), new byte[0]);
        Cli.Result twoPercent = Cli.run("evaluate", "--model", run.toString(), "--data", onePercent.toString(),
                "--mode", "DROPMALFORMED");
        assertEquals(ExitCodes.BAD_INPUT, twoPercent.exitCode(), twoPercent.err());
        assertTrue(errorLines(twoPercent)[0].startsWith("error: " + onePercent + ": 2 of 100 images are malformed (2.00%), "
                + "more than --max-malformed 0.01 allows"), twoPercent.err());
    }

    @Test
    void failFastStopsAtABrokenFileWithOneLineAndLeavesNothing() throws Exception {
        Path folder = Corpus.fashionPngs(dir.resolve("fail-fast"), FashionMnist.images(FashionMnist.TEST_IMAGES, 12));
        List<String> broken = Corpus.malformedFiles(folder);
        Path run = dir.resolve("failed-fast");
        Cli.Result result = train(run, folder, folder);
        assertEquals(ExitCodes.BAD_INPUT, result.exitCode(), result.err());
        String[] lines = errorLines(result);
        assertEquals(1, lines.length, result.err());
        assertTrue(broken.stream().anyMatch(name -> lines[0].startsWith("error: " + folder.resolve(name) + ": ")), lines[0]);
        assertFalse(Files.exists(run), "no partial run");
    }

    @Test
    void moreMalformedImagesThanAllowedStopTheRunClearly() throws Exception {
        Path folder = Corpus.fashionPngs(dir.resolve("too-many"), FashionMnist.images(FashionMnist.TEST_IMAGES, 36));
        Corpus.malformedFiles(folder);
        Path run = dir.resolve("too-many-run");
        Cli.Result result = train(run, folder, folder, "--mode", "DROPMALFORMED", "--max-malformed", "0.001");
        assertEquals(ExitCodes.BAD_INPUT, result.exitCode(), result.err());
        String[] lines = errorLines(result);
        assertEquals(1, lines.length, result.err());
        assertTrue(lines[0].startsWith("error: " + folder + ": 4 of 40 images are malformed (10.00%), more than "
                + "--max-malformed 0.001 allows; the first: " + folder.resolve("bomb.png") + ": 50000x50000 image"), lines[0]);
        assertFalse(Files.exists(run), "no partial run");
    }

    // --- helpers -----------------------------------------------------------------------------------------

    /** Runs train; the result's {@code err} holds the job's log after the error lines. */
    private static Cli.Result train(Path run, Path trainData, Path testData, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--run-dir", run.toString(), "--train-data",
                trainData.toString(), "--test-data", testData.toString()));
        args.addAll(TINY);
        args.addAll(List.of(more));
        try (LogCapture log = new LogCapture()) {
            Cli.Result result = Cli.run(args.toArray(String[]::new));
            return new Cli.Result(result.exitCode(), result.out(), result.err() + log.text());
        }
    }

    /** The fields of one CSV line (RFC 4180 quoting). */
    private static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** What the command itself printed on stderr, without the log. */
    private static String[] errorLines(Cli.Result result) {
        return result.err().lines().filter(line -> line.startsWith("error: ") || line.startsWith("Try ")
                || line.startsWith("\tat ")).toArray(String[]::new);
    }

    /** Rows of struct(bytes, path) and a label, as Hugging Face datasets writes image datasets to Parquet. */
    private static Dataset<Row> huggingFaceLayout(SparkSession spark, List<byte[]> images) throws Exception {
        StructType image = new StructType().add("bytes", DataTypes.BinaryType).add("path", DataTypes.StringType);
        StructType schema = new StructType().add("image", image).add("label", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            rows.add(RowFactory.create(RowFactory.create(png(images.get(i)), String.format("image-%04d.png", i)), i % 10));
        }
        return spark.createDataFrame(rows, schema).coalesce(2);
    }

    private static byte[] png(byte[] gray) throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 784; i++) {
            image.getRaster().setSample(i % 28, i / 28, 0, gray[i] & 0xff);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static int block(int image, int row, int column) {
        return ((image * 40 + row * 9) & 0xff) << 16 | ((column * 7 + row) & 0xff) << 8 | ((image * 13 + column * 3) & 0xff);
    }

    private static double bits(Cli.Result evaluation) throws Exception {
        assertEquals(ExitCodes.OK, evaluation.exitCode(), evaluation.err());
        return new ObjectMapper().readTree(evaluation.out()).get("bits_per_dim").asDouble();
    }

    /** Per-image bits/dim from {@code score}, by file name. */
    private static Map<String, Double> scores(Path run, Path data, Path out) throws Exception {
        Cli.Result result = Cli.run("score", "--model", run.toString(), "--data", data.toString(), "--out", out.toString(),
                "--format", "csv");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        Map<String, Double> scores = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            if (!line.startsWith("image,")) {
                String[] fields = line.split(",");
                scores.put(Path.of(fields[0]).getFileName().toString(), Double.parseDouble(fields[1]));
            }
        }
        JsonNode summary = new ObjectMapper().readTree(result.out());
        assertEquals(scores.size(), summary.get("images").asInt());
        return scores;
    }

    private static Properties config(Path run) throws Exception {
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(run.resolve(RunDirectory.CONFIG))) {
            config.load(in);
        }
        return config;
    }

    private static List<EpochMetrics> metrics(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream().skip(1)
                .filter(line -> !line.isBlank()).map(EpochMetrics::fromCsv).toList();
    }
}
