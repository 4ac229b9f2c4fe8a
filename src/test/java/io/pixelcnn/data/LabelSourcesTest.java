package io.pixelcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.DataConfig;
import io.pixelcnn.io.ClassList;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import io.pixelcnn.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Labels read right from each of the four places corpora keep them (Fashion-MNIST's own IDX label file,
 * CIFAR-100-style record bytes, class folders and Parquet columns the test writes), each label travelling
 * with its own image through the mixing shuffle; the one-line errors for an image without a label and a
 * label file whose count differs; and reading labels changes nothing about the images.
 */
class LabelSourcesTest {

    /** Fashion-MNIST's first test labels, read by hand from t10k-labels-idx1-ubyte.gz (after its 8-byte header). */
    private static final int[] FIRST_TEST_LABELS = {9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5, 7, 3, 4, 1, 2, 4, 8, 0};
    private static JavaSparkContext sc;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start("label-sources-test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void idxLabelsAreFashionMnistsOwnLabelFileImageByImage() throws Exception {
        DatasetSpec spec = DatasetSpec.of(FashionMnist.TEST_IMAGES.toString(), 0).withLabelling(Labelling.fromSource());
        List<PreparedImage> first = ImageData.first(sc, spec, FIRST_TEST_LABELS.length);
        assertArrayEquals(FIRST_TEST_LABELS, first.stream().mapToInt(image -> Integer.parseInt(image.label())).toArray());

        byte[] labels = FashionMnist.gunzip(FashionMnist.DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        // as a run asks for them: the data configuration's labelling reaches its datasets
        DataConfig config = new DataConfig(FashionMnist.TRAIN_IMAGES.toString(), FashionMnist.TEST_IMAGES.toString(), 0,
                1500, 3, SourceFormat.auto(), Preparation.asFound(1)).withLabelling(Labelling.fromSource());
        try (ImageData data = ImageData.load(sc, config.test(), 3, 7)) {
            // the class of every image is the byte at its own index, wherever the shuffle put it
            assertLabelsFollowTheImages(data, name -> labels[8 + Integer.parseInt(name.substring(name.indexOf('#') + 1))]);
            ClassList classes = data.classes().orElseThrow();
            assertEquals(KnownLabelFiles.FASHION_MNIST, classes.names(), "Fashion-MNIST's label file, recognised");
            long[] expected = new long[10];
            for (int i = 0; i < 1500; i++) {
                expected[labels[8 + i]]++;
            }
            assertArrayEquals(expected, classes.counts().stream().mapToLong(Long::longValue).toArray());
        }
    }

    @Test
    void fashionMnistsLabelFilesAreRecognisedByTheirBytesAndNothingElseIs() throws Exception {
        byte[] train = FashionMnist.gunzip(FashionMnist.TRAIN_LABELS);
        byte[] test = FashionMnist.gunzip(FashionMnist.DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals("Ankle boot", KnownLabelFiles.namesOf(train).get(9));
        assertEquals(KnownLabelFiles.FASHION_MNIST, KnownLabelFiles.namesOf(test));
        test[8 + 4321] ^= 1; // one label changed: not the file any more
        assertEquals(List.of(), KnownLabelFiles.namesOf(test));
        assertEquals(List.of(), KnownLabelFiles.namesOf(Arrays.copyOf(train, 8 + 30)));
    }

    @Test
    void classNamesNameTheIndicesAndTooFewAreOneLine() throws Exception {
        Path images = smallFashionMnist(dir.resolve("named"), 30, 30, 30, false);
        try (ImageData data = ImageData.load(sc, labelled(images), 2, 1)) {
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), data.classes().orElseThrow().names(),
                    "the first 30 labels are not a file whose names are known: numbers");
        }
        List<String> names = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot");
        DatasetSpec spec = DatasetSpec.of(images.toString(), 0).withLabelling(Labelling.fromSource().withClassNames(names));
        byte[] real = FashionMnist.gunzip(FashionMnist.DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        try (ImageData data = ImageData.load(sc, spec, 2, 1)) {
            assertEquals(names, data.classes().orElseThrow().names());
            // raw files are read by seeking: the labels still follow their images
            assertLabelsFollowTheImages(data, name -> real[8 + Integer.parseInt(name.substring(name.indexOf('#') + 1))]);
        }
        DatasetSpec tooFew = spec.withLabelling(Labelling.fromSource().withClassNames(names.subList(0, 5)));
        assertEquals(images + ": label 9, but the class names name 5 classes (0..4)",
                badInput(() -> ImageData.load(sc, tooFew, 2, 1)));
    }

    @Test
    void aLabelFileWhoseCountDiffersIsOneLineNamingBothFilesAndCounts() throws Exception {
        Path images = smallFashionMnist(dir.resolve("short"), 30, 29, 29, true);
        Path labels = dir.resolve("short/t10k-labels-idx1-ubyte.gz");
        assertEquals(labels + " holds 29 labels but " + images + " holds 30 images: the counts must agree",
                badInput(() -> ImageData.load(sc, labelled(images), 2, 1)));
    }

    @Test
    void aLabelFileCutShortIsOneLineNamingIt() throws Exception {
        Path images = smallFashionMnist(dir.resolve("cut"), 30, 30, 20, true);
        Path labels = dir.resolve("cut/t10k-labels-idx1-ubyte.gz");
        assertEquals(labels + ": truncated: its header promises a label per image, data ends after 20",
                badInput(() -> ImageData.load(sc, labelled(images), 2, 1)));
    }

    @Test
    void anIdxFileWithoutALabelFileIsOneLine() throws Exception {
        Path images = TestImages.idx(dir.resolve("alone/t10k-images-idx3-ubyte.gz"),
                FashionMnist.images(FashionMnist.TEST_IMAGES, 5), 28, 28, true);
        assertEquals(images + ": no label file t10k-labels-idx1-ubyte(.gz) beside it",
                badInput(() -> ImageData.load(sc, labelled(images), 2, 1)));
        Path dotted = TestImages.idx(dir.resolve("dotted/train-images.idx3-ubyte"),
                FashionMnist.images(FashionMnist.TEST_IMAGES, 5), 28, 28, false);
        assertEquals(dotted + ": no label file train-labels.idx1-ubyte(.gz) beside it",
                badInput(() -> ImageData.load(sc, labelled(dotted), 2, 1)));
        assertEquals(images + ": label-column label names a table's column, but this is an IDX file",
                badInput(() -> ImageData.load(sc, DatasetSpec.of(images.toString(), 0)
                        .withLabelling(Labelling.fromColumn("label")), 2, 1)));
    }

    @Test
    void recordLabelsAreTheLastLabelByteCifar100sFineLabel() throws Exception {
        ImageShape shape = new ImageShape(3, 2, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] fine = new int[40];
        for (int i = 0; i < fine.length; i++) {
            fine[i] = (i * 37) % 100;
            out.write(i % 20); // the coarse label first, as CIFAR-100 stores it
            out.write(fine[i]);
            byte[] pixels = new byte[shape.dims()];
            Arrays.fill(pixels, (byte) i);
            out.write(pixels);
        }
        Path file = Files.write(dir.resolve("train.bin"), out.toByteArray());
        DatasetSpec spec = new DatasetSpec(file.toString(), 0, new SourceFormat(SourceFormat.AUTO, null,
                new RecordFormat(shape, 2)), Preparation.asFound(3), Labelling.fromSource());
        try (ImageData data = ImageData.load(sc, spec, 3, 11)) {
            assertLabelsFollowTheImages(data, name -> fine[Integer.parseInt(name.substring(name.indexOf('#') + 1))]);
            ClassList classes = data.classes().orElseThrow();
            int largest = Arrays.stream(fine).max().orElseThrow();
            assertEquals(largest + 1, classes.size(), "classes 0..largest label");
            assertEquals(40, classes.total());
            assertEquals(0L, classes.counts().get(1), "no image is of class 1: counted 0");
        }
        DatasetSpec unlabelledRecords = new DatasetSpec(file.toString(), 0, new SourceFormat(SourceFormat.AUTO, null,
                new RecordFormat(new ImageShape(2, 3, 2), 0)), Preparation.asFound(3), Labelling.fromSource());
        assertEquals(file + ": record-label-bytes is 0, so the records carry no labels",
                badInput(() -> ImageData.load(sc, unlabelledRecords, 2, 1)));
    }

    @Test
    void classFoldersAreTheFirstFolderBelowTheRootAndAStrayImageIsOneLine() throws Exception {
        Path root = dir.resolve("clothes");
        TestImages.grayPng(root.resolve("shirt/a.png"), 6, 5, 1);
        TestImages.grayPng(root.resolve("shirt/b.png"), 6, 5, 2);
        TestImages.grayPng(root.resolve("bag/c.png"), 6, 5, 3);
        TestImages.grayPng(root.resolve("ankle boot/left/d.png"), 6, 5, 4); // deeper folders keep the first's class
        DatasetSpec spec = DatasetSpec.of(root.toString(), 0).withLabelling(Labelling.fromSource());
        try (ImageData data = ImageData.load(sc, spec, 2, 3)) {
            ClassList classes = data.classes().orElseThrow();
            assertEquals(List.of("ankle boot", "bag", "shirt"), classes.names(), "sorted folder names");
            assertEquals(List.of(1L, 1L, 2L), classes.counts());
            assertLabelsFollowTheImages(data, name -> classes.indexOf(name.substring(root.toString().length() + 1)
                    .split("/")[0]));
        }
        Path stray = TestImages.grayPng(root.resolve("e.png"), 6, 5, 5);
        assertEquals(stray + ": an image directly in the dataset folder has no class: class folders hold the images, "
                + "one folder per class", badInput(() -> ImageData.load(sc, spec, 2, 3)));
        assertEquals(root + ": class-names names numbered classes (IDX labels, record label bytes); here the class "
                + "folders are the class names", badInput(() -> ImageData.load(sc,
                spec.withLabelling(Labelling.fromSource().withClassNames(List.of("a", "b"))), 2, 3)));
    }

    @Test
    void labelledImagesGoThroughTheSamePreparationAndSkippedImagesAreNotCounted() throws Exception {
        Path root = dir.resolve("mixed");
        TestImages.grayPng(root.resolve("shirt/a.png"), 9, 7, 1);
        TestImages.jpeg(root.resolve("shirt/b.jpg"), 12, 5, 2, false);
        TestImages.grayPng(root.resolve("bag/c.png"), 6, 6, 3);
        TestImages.truncate(TestImages.grayPng(root.resolve("bag/broken.png"), 6, 6, 4), 0.5);
        Preparation fitted = new Preparation(1, ImageSize.parse("4x4"), Resize.CROP, ReadMode.DROPMALFORMED, 0.5);
        DatasetSpec spec = new DatasetSpec(root.toString(), 0, SourceFormat.auto(), fitted, Labelling.fromSource());
        try (ImageData data = ImageData.load(sc, spec, 2, 3)) {
            assertEquals(3, data.count());
            assertEquals(1, data.malformed());
            ClassList classes = data.classes().orElseThrow();
            assertEquals(List.of("bag", "shirt"), classes.names());
            assertEquals(List.of(1L, 2L), classes.counts(), "the broken bag is skipped, not counted");
            for (LabelledImage image : data.labelled().collect()) {
                assertEquals(16, image.pixels().length, "fitted to 4x4 like every other image");
            }
            assertLabelsFollowTheImages(data, name -> classes.indexOf(name.substring(root.toString().length() + 1)
                    .split("/")[0]));
        }
    }

    @Test
    void tableColumnsOfStringsAndOfIntegersAndANullCellIsOneLineNamingTheRow() throws Exception {
        String[] names = {"coat", "bag", "coat", "dress", "bag", "coat"};
        int[] numbers = {10, 2, 7, 10, 2, 10};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            rows.add(RowFactory.create(TestImages.grayPngBytes(new byte[20], 5, 4), "img-" + i + ".png", names[i],
                    numbers[i]));
        }
        Path table = writeTable(dir.resolve("table"), rows);
        DatasetSpec byName = new DatasetSpec(table.toString(), 0, SourceFormat.auto(), Preparation.asFound(1),
                Labelling.fromColumn("kind"));
        try (ImageData data = ImageData.load(sc, byName, 2, 5)) {
            ClassList classes = data.classes().orElseThrow();
            assertEquals(List.of("bag", "coat", "dress"), classes.names());
            assertEquals(List.of(2L, 3L, 1L), classes.counts());
            assertLabelsFollowTheImages(data, name -> classes.indexOf(names[rowOf(name)]));
        }
        try (ImageData data = ImageData.load(sc, byName.withLabelling(Labelling.fromColumn("number")), 2, 5)) {
            ClassList classes = data.classes().orElseThrow();
            assertEquals(List.of("2", "7", "10"), classes.names(), "integers in numeric order");
            assertLabelsFollowTheImages(data, name -> classes.indexOf(Integer.toString(numbers[rowOf(name)])));
        }

        rows.add(RowFactory.create(TestImages.grayPngBytes(new byte[20], 5, 4), "img-6.png", null, 3));
        Path withNull = writeTable(dir.resolve("with-null"), rows);
        assertEquals("img-6.png: no label (label column 'kind' is null in this row of " + withNull + ")",
                badInput(() -> ImageData.load(sc, byName.withLabelling(Labelling.fromColumn("kind")).withPath(withNull.toString()),
                        2, 5)));
        assertEquals(table + ": a parquet table's labels come from a column: give label-column",
                badInput(() -> ImageData.load(sc, byName.withLabelling(Labelling.fromSource()), 2, 5)));
        assertEquals(table + ": no label column 'class' (columns: image, path, kind, number)",
                badInput(() -> ImageData.load(sc, byName.withLabelling(Labelling.fromColumn("class")), 2, 5)));
    }

    @Test
    void aTestSetIsNumberedAsTheModelsClassesAndAClassTheModelLacksIsOneLine() throws Exception {
        Path root = dir.resolve("test-folders");
        TestImages.grayPng(root.resolve("shirt/a.png"), 4, 4, 1);
        TestImages.grayPng(root.resolve("shirt/b.png"), 4, 4, 2);
        TestImages.grayPng(root.resolve("bag/c.png"), 4, 4, 3);
        DatasetSpec spec = new DatasetSpec(root.toString(), 0, SourceFormat.auto(), Preparation.asFound(1),
                Labelling.fromSource());
        // the model knows three classes in its own order; the test set holds two of them, numbered 0 and 1 by itself
        ClassList model = new ClassList(List.of("shirt", "coat", "bag"), List.of(5L, 5L, 5L));
        try (ImageData data = ImageData.load(sc, spec, 2, 3)) {
            List<Tuple2<String, Integer>> pairs = data.named().keys()
                    .zip(data.labelledAs(model).map(LabelledImage::label)).collect();
            assertEquals(3, pairs.size());
            for (Tuple2<String, Integer> pair : pairs) {
                assertEquals(pair._1().contains("/shirt/") ? 0 : 2, (int) pair._2(), pair._1());
            }
            ClassList other = new ClassList(List.of("shirt", "coat"), List.of(5L, 5L));
            assertEquals(root + ": class 'bag' (1 images) is not one of the model's 2 classes (shirt, coat)",
                    assertThrows(BadInputException.class, () -> data.labelledAs(other)).getMessage());
        }
    }

    @Test
    void readingLabelsChangesNothingAboutTheImagesOrTheirPartitions() {
        DatasetSpec plain = DatasetSpec.of(FashionMnist.TEST_IMAGES.toString(), 600);
        try (ImageData images = ImageData.load(sc, plain, 3, 5);
             ImageData labelled = ImageData.load(sc, plain.withLabelling(Labelling.fromSource()), 3, 5)) {
            assertTrue(images.classes().isEmpty());
            List<List<byte[]>> before = images.images().glom().collect();
            List<List<byte[]>> after = labelled.images().glom().collect();
            List<List<LabelledImage>> withClasses = labelled.labelled().glom().collect();
            assertEquals(3, after.size());
            for (int p = 0; p < before.size(); p++) {
                assertEquals(before.get(p).size(), after.get(p).size(), "partition " + p);
                for (int i = 0; i < before.get(p).size(); i++) {
                    assertArrayEquals(before.get(p).get(i), after.get(p).get(i), "partition " + p + ", image " + i);
                    assertArrayEquals(before.get(p).get(i), withClasses.get(p).get(i).pixels());
                }
            }
            assertThrows(IllegalStateException.class, images::labelled);
        }
    }

    /** Each labelled image's class is the one {@code expected} gives for the image of its name. */
    private static void assertLabelsFollowTheImages(ImageData data, java.util.function.ToIntFunction<String> expected) {
        // named() and labelled() filter the same cached partitions the same way: zipped, names meet their classes
        List<Tuple2<String, Integer>> pairs = data.named().keys().zip(data.labelled().map(LabelledImage::label)).collect();
        assertEquals(data.count(), pairs.size());
        for (Tuple2<String, Integer> pair : pairs) {
            assertEquals(expected.applyAsInt(pair._1()), (int) pair._2(), pair._1());
        }
    }

    /**
     * The first {@code images} of Fashion-MNIST's test set as an IDX file, beside a gzipped label file made from
     * the real one: its header saying {@code promised} labels, then the first {@code written} label bytes;
     * both gzipped ({@code .gz}) or raw.
     */
    private static Path smallFashionMnist(Path folder, int images, int promised, int written, boolean gzip)
            throws Exception {
        String suffix = gzip ? ".gz" : "";
        Path file = TestImages.idx(folder.resolve("t10k-images-idx3-ubyte" + suffix),
                FashionMnist.images(FashionMnist.TEST_IMAGES, images), 28, 28, gzip);
        byte[] real = FashionMnist.gunzip(FashionMnist.DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        try (OutputStream raw = Files.newOutputStream(folder.resolve("t10k-labels-idx1-ubyte" + suffix));
             DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x00000801);
            out.writeInt(promised);
            out.write(real, 8, written);
        }
        return file;
    }

    private static DatasetSpec labelled(Path images) {
        return DatasetSpec.of(images.toString(), 0).withLabelling(Labelling.fromSource());
    }

    private static Path writeTable(Path table, List<Row> rows) {
        StructType schema = new StructType().add("image", DataTypes.BinaryType).add("path", DataTypes.StringType)
                .add("kind", DataTypes.StringType).add("number", DataTypes.IntegerType);
        SparkSession.builder().sparkContext(sc.sc()).getOrCreate().createDataFrame(rows, schema).repartition(2)
                .write().parquet(table.toString());
        return table;
    }

    private static int rowOf(String name) {
        return Integer.parseInt(name.substring("img-".length(), name.indexOf('.')));
    }

    /** The one line a load fails with, found wherever Spark wrapped it. */
    private static String badInput(Executable load) {
        Throwable error = assertThrows(Throwable.class, load);
        BadInputException bad = BadInputException.findIn(error);
        if (bad == null) {
            throw new AssertionError("not bad input: " + error, error);
        }
        assertEquals(1, bad.getMessage().lines().count(), bad.getMessage());
        return bad.getMessage();
    }
}
