package io.pixelcnn.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.data.BadInputException;
import io.pixelcnn.data.Batches;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.LabelledImage;
import io.pixelcnn.eval.BitsPerDim;
import io.pixelcnn.eval.ImageNll;
import io.pixelcnn.io.RunDirectory;
import io.pixelcnn.testing.LocalSpark;
import io.pixelcnn.testing.TestImages;
import io.pixelcnn.testing.ThreeClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator's labelCol on Spark local[2] and real Fashion-MNIST images of three classes (Trouser, Bag,
 * Sandal, 14 x 14) in a DataFrame beside their class names: fit trains a class-conditional model whose
 * classes are the column's names in the command line's order, transform scores each row given its own
 * class exactly as {@link ImageNll#of} does, the class matters, a saved model keeps its classes, and a label
 * the model lacks is one clear error.
 */
class ConditionalPixelCnnTest {

    private static final int PER_CLASS = 100;
    private static final int SIDE = 14;

    @TempDir
    static Path dir;
    private static JavaSparkContext sc;
    private static SparkSession spark;
    private static ThreeClasses.Corpus corpus;
    private static Dataset<Row> frame;
    private static PixelCnnModel model;
    /** Each image's bits/dim from transform, given its own class (transformed once: the machine is shared). */
    private static double[] own;

    @BeforeAll
    static void fitOnALabelledDataFrame() throws Exception {
        corpus = ThreeClasses.write(dir.resolve("corpus"), "train", PER_CLASS, 2);
        sc = LocalSpark.start("pixelcnn-ml-conditional-test");
        spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < corpus.pixels().size(); i++) {
            rows.add(RowFactory.create(i, TestImages.grayPngBytes(corpus.pixels().get(i), SIDE, SIDE),
                    ThreeClasses.NAMES.get(corpus.labels().get(i))));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("image", DataTypes.BinaryType)
                .add("label", DataTypes.StringType);
        frame = spark.createDataFrame(rows, schema).repartition(2).cache();
        model = new PixelCnn().setLabelCol("label").setHidden(8).setBlocks(1).setEpochs(1).setBatchSize(16)
                .setAveragingFrequency(2).setWorkers(2).setLearningRate(0.02).setSeed(3)
                .setCheckpointDir(dir.resolve("fit").toString()).fit(frame);
        own = bitsById(model.transform(frame));
    }

    @AfterAll
    static void stopSpark() {
        sc.close();
    }

    @Test
    void fitTakesTheColumnsClassesInTheCommandLinesOrderAndSavesThemWithTheRun() throws Exception {
        // class names sort as train --label-column sorts a string column's values
        assertEquals(List.of("Bag", "Sandal", "Trouser"), model.classes().orElseThrow().names());
        assertEquals(List.of((long) PER_CLASS, (long) PER_CLASS, (long) PER_CLASS), model.classes().get().counts());
        assertEquals(List.of("Bag\t100", "Sandal\t100", "Trouser\t100"),
                Files.readAllLines(dir.resolve("fit").resolve(RunDirectory.CLASSES)).subList(1, 4));
        assertEquals("label", model.config().data().labelling().column());
    }

    @Test
    void transformScoresEachRowGivenItsOwnClassAsImageNllDoes() {
        double[] expected = imageNllBits(false);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], own[i], 1e-5, "image " + i);
        }
    }

    @Test
    void aRowsScoreChangesWhenItsLabelIsSwapped() {
        Dataset<Row> swapped = frame.withColumn("label", when(col("label").equalTo("Trouser"), lit("Bag"))
                .when(col("label").equalTo("Bag"), lit("Trouser")).otherwise(col("label")));
        double[] other = bitsById(model.transform(swapped));
        double[] expected = imageNllBits(true);
        for (int i = 0; i < own.length; i++) {
            boolean isSandal = corpus.labels().get(i) == 2;
            assertEquals(expected[i], other[i], 1e-5, "image " + i);
            assertEquals(isSandal, Math.abs(own[i] - other[i]) < 1e-9, "image " + i + ": " + own[i] + " vs " + other[i]);
        }
    }

    @Test
    void aSavedModelKeepsItsClassesAndScores() throws Exception {
        String path = dir.resolve("saved").toString();
        model.write().overwrite().save(path);
        PixelCnnModel loaded = PixelCnnModel.load(path);
        assertEquals(model.classes(), loaded.classes());
        assertEquals("label", loaded.getLabelCol());
        assertEquals(java.util.Arrays.toString(own), java.util.Arrays.toString(bitsById(loaded.transform(frame))));
    }

    @Test
    void aLabelTheModelLacksOrANullLabelIsOneErrorNamingTheColumnAndValue() {
        Dataset<Row> coat = frame.withColumn("label", when(col("id").equalTo(5), lit("Coat")).otherwise(col("label")));
        assertError(coat, "labelCol 'label' is 'Coat', not one of the model's 3 classes (Bag, Sandal, Trouser)");
        Dataset<Row> missing = frame.withColumn("label", when(col("id").equalTo(7), lit(null).cast("string"))
                .otherwise(col("label")));
        assertError(missing, "labelCol 'label' is null, not one of the model's 3 classes");
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> model.copy(new org.apache.spark.ml.param.ParamMap()).setLabelCol("").transform(frame));
        assertTrue(unset.getMessage().startsWith("labelCol: the model is class-conditional"), unset.getMessage());
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> new PixelCnn().setLabelCol("class").fit(frame));
        assertTrue(absent.getMessage().startsWith("labelCol: the DataFrame has no column 'class'"), absent.getMessage());
    }

    private static void assertError(Dataset<Row> rows, String expected) {
        SparkException e = assertThrows(SparkException.class, () -> model.transform(rows).collectAsList());
        // the executor's exception, as the driver's SparkException reports it: one line, the column and the value
        String first = e.getMessage().lines().findFirst().orElse("");
        assertTrue(first.contains(BadInputException.class.getName() + ": "), first);
        assertTrue(first.contains(expected), first);
    }

    /** Each image's bits/dim by its id, from a transformed DataFrame. */
    private static double[] bitsById(Dataset<Row> scored) {
        double[] bits = new double[corpus.pixels().size()];
        for (Row row : scored.select("id", "bits_per_dim").collectAsList()) {
            bits[row.getInt(0)] = row.getDouble(1);
        }
        return bits;
    }

    /** Bits/dim through the project's one likelihood path, each image given its class (Trouser and Bag swapped). */
    private static double[] imageNllBits(boolean swapTrouserAndBag) {
        ImageShape shape = model.imageShape();
        List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < corpus.pixels().size(); i++) {
            String name = ThreeClasses.NAMES.get(corpus.labels().get(i));
            if (swapTrouserAndBag) {
                name = name.equals("Trouser") ? "Bag" : name.equals("Bag") ? "Trouser" : name;
            }
            images.add(new LabelledImage(corpus.pixels().get(i), model.classes().get().indexOf(name)));
        }
        double[] nats = ImageNll.of(model.graph(), Batches.labelled(images.iterator(), shape, 3, images.size()).next());
        double[] bits = new double[nats.length];
        for (int i = 0; i < nats.length; i++) {
            bits[i] = BitsPerDim.of(nats[i], 1, shape.dims());
        }
        return bits;
    }
}
