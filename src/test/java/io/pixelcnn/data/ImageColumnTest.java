package io.pixelcnn.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import io.pixelcnn.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DataFrame's column of images in each of the four layouts a data team has (binary, a Hugging Face
 * struct, Spark's binaryFile rows, Spark's image source) read through the same preparation into the same
 * pixels: real Fashion-MNIST PNGs and colour and RGBA files the test writes, on Spark local[2].
 */
class ImageColumnTest {

    private static final int IMAGES = 12;
    @TempDir
    static Path dir;
    private static JavaSparkContext sc;
    private static SparkSession spark;
    private static List<byte[]> originals;

    @BeforeAll
    static void start() throws Exception {
        originals = FashionMnist.images(FashionMnist.TEST_IMAGES, IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            TestImages.grayPng(dir.resolve("gray").resolve(String.format("img-%02d.png", i)), originals.get(i),
                    FashionMnist.SIDE, FashionMnist.SIDE);
        }
        TestImages.colourPng(dir.resolve("colour/rgb.png"), 9, 7, 5);
        TestImages.rgbaPng(dir.resolve("colour/rgba.png"), 9, 7, 11);
        sc = LocalSpark.start("image-column-test");
        spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    @Test
    void everyLayoutGivesTheFashionMnistPixels() {
        Dataset<Row> files = spark.read().format("binaryFile").load(dir.resolve("gray").toString());
        Map<String, Dataset<Row>> layouts = Map.of(
                "binaryFile rows", files,
                "binary column", files.select(col("content").as("png"), col("path")),
                "Hugging Face struct", files.select(struct(col("content").as("bytes"), col("path")).as("image")),
                "Spark image source", spark.read().format("image").load(dir.resolve("gray").toString()));
        layouts.forEach((layout, frame) -> {
            Map<String, byte[]> read = pixelsByFile(frame, layout.equals("binary column") ? "png" : "image", 1);
            assertEquals(IMAGES, read.size(), layout);
            for (int i = 0; i < IMAGES; i++) {
                assertArrayEquals(originals.get(i), read.get(String.format("img-%02d.png", i)), layout + ", image " + i);
            }
        });
    }

    @Test
    void sparksBgrAndBgraPixelsComeOutAsTheDecoderReadsTheFiles() {
        String colour = dir.resolve("colour").toString();
        for (int channels : new int[]{1, 3}) {
            Map<String, byte[]> decoded = pixelsByFile(spark.read().format("binaryFile").load(colour), "image", channels);
            Map<String, byte[]> fromSpark = pixelsByFile(spark.read().format("image").load(colour), "image", channels);
            assertEquals(2, fromSpark.size());
            for (String file : List.of("rgb.png", "rgba.png")) {
                assertArrayEquals(decoded.get(file), fromSpark.get(file), file + " in " + channels + " channels");
            }
        }
    }

    @Test
    void anInvalidRowOfTheImageSourceFollowsTheMode() throws Exception {
        Path mixed = dir.resolve("mixed");
        Files.createDirectories(mixed);
        Files.copy(dir.resolve("gray/img-00.png"), mixed.resolve("good.png"));
        Files.write(mixed.resolve("broken.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Dataset<Row> frame = spark.read().format("image").option("dropInvalid", false).load(mixed.toString());
        // failing fast: the executor's one line, carried back by Spark as the failed job's cause
        Exception failed = assertThrows(Exception.class, () -> load(frame, "image", Preparation.asFound(1)).close());
        Throwable cause = failed;
        while (!(cause instanceof BadInputException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().endsWith("broken.png: not an image Spark's image source could read (height -1, 0 bytes)"),
                cause.getMessage());
        try (ImageData kept = load(frame, "image", new Preparation(1, null, Resize.CROP, ReadMode.DROPMALFORMED, 0.5))) {
            assertEquals(1, kept.count());
            assertEquals(1, kept.malformed());
        }
    }

    @Test
    void aColumnOfAnotherTypeIsRefusedInOneLine() {
        Dataset<Row> frame = spark.range(3).toDF("image");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ImageSources.of(frame, "image", "the DataFrame", "inputCol"));
        assertEquals("the DataFrame: column 'image' is bigint, expected binary (encoded image bytes), a struct with a "
                + "binary 'bytes' field, or Spark's image struct", e.getMessage());
    }

    private static Map<String, byte[]> pixelsByFile(Dataset<Row> frame, String column, int channels) {
        try (ImageData images = load(frame, column, Preparation.asFound(channels))) {
            Map<String, byte[]> byFile = new HashMap<>();
            images.named().collect().forEach(named -> byFile.put(named._1().substring(named._1().lastIndexOf('/') + 1),
                    named._2()));
            return byFile;
        }
    }

    private static ImageData load(Dataset<Row> frame, String column, Preparation preparation) {
        return ImageData.load(sc, ImageSources.of(frame, column, "the DataFrame", "inputCol"), preparation, 0, 2, 1);
    }
}
