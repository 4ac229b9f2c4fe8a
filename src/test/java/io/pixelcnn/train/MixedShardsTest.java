package io.pixelcnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.data.ImageShape;
import io.pixelcnn.data.Preparation;
import io.pixelcnn.data.RecordFormat;
import io.pixelcnn.data.SourceFormat;
import io.pixelcnn.testing.Corpus;
import io.pixelcnn.testing.FashionMnist;
import io.pixelcnn.testing.LocalSpark;
import io.pixelcnn.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A corpus stored class by class (ten class folders) is spread so that every partition a worker trains
 * on holds every class, the same way for the same seed; the per-epoch train score samples the whole set.
 */
class MixedShardsTest {

    private static final int CLASSES = 10;
    private static final int PARTITIONS = 4;
    private static JavaSparkContext sc;
    @TempDir
    static Path dir;
    private static Path sorted;

    @BeforeAll
    static void start() throws Exception {
        sc = LocalSpark.start("mixed-shards-test");
        sorted = Corpus.classFolders(dir.resolve("sorted"), CLASSES, 24);
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void everyPartitionAWorkerTrainsOnHoldsEveryClass() {
        try (ImageData data = ImageData.load(sc, DatasetSpec.of(sorted.toString(), 0), PARTITIONS, 7)) {
            assertEquals(CLASSES * 24, data.count());
            List<List<byte[]>> partitions = data.images().glom().collect();
            assertEquals(PARTITIONS, partitions.size());
            for (List<byte[]> partition : partitions) {
                assertEquals(allClasses(), classesOf(partition), "classes in a partition of " + partition.size());
            }
            // what an epoch trains on: the minibatches each worker builds from its partition
            SparkTrainer trainer = new SparkTrainer(sc, new TrainConfig(1, 8, 2, 0, 1e-3, 7, 2, 0), data.shape());
            List<List<DataSet>> epoch = trainer.minibatches(data.images(), 1).glom().collect();
            for (List<DataSet> partition : epoch) {
                Set<Integer> classes = new TreeSet<>();
                for (DataSet batch : partition) {
                    for (int i = 0; i < batch.numExamples(); i++) {
                        classes.add(Corpus.classOf(batch.getFeatures().getDouble(i, 0, 0, 0)));
                    }
                }
                assertEquals(allClasses(), classes);
            }
        }
    }

    @Test
    void theImagesScoredAfterEachEpochAreASampleOfTheWholeSet() {
        try (ImageData data = ImageData.load(sc, DatasetSpec.of(sorted.toString(), 0), PARTITIONS, 7)) {
            List<byte[]> sample = data.head(40).collect();
            assertEquals(40, sample.size());
            assertEquals(allClasses(), classesOf(sample), "40 of 240 images, 4 of them per class on average");
        }
    }

    @Test
    void theSameSeedBuildsTheSamePartitionsAndAnotherSeedOthers() {
        List<List<byte[]>> first = partitions(sorted, 7);
        List<List<byte[]>> again = partitions(sorted, 7);
        List<List<byte[]>> other = partitions(sorted, 8);
        assertTrue(samePartitions(first, again), "same seed, same partitions in the same order");
        assertFalse(samePartitions(first, other), "another seed mixes differently");
    }

    @Test
    void aCopyOfTheCorpusElsewhereMixesTheSame() throws Exception {
        Path copy = Corpus.classFolders(dir.resolve("elsewhere").resolve("sorted-copy"), CLASSES, 24);
        assertTrue(samePartitions(partitions(sorted, 7), partitions(copy, 7)),
                "an image's identity is its path below the folder read, not where the folder is");
    }

    /**
     * The same for the other sources, whose identity is an image's index in its file (IDX, records) or its
     * row: an IDX file, a file of records and a Parquet table, each copied to another folder, mix the same.
     */
    @Test
    void idxRecordAndTableCopiesElsewhereMixTheSame() throws Exception {
        List<byte[]> images = FashionMnist.images(FashionMnist.TEST_IMAGES, 120);
        ByteArrayOutputStream idx = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(idx);
        header.writeInt(0x00000803); // unsigned bytes, 3 dimensions
        header.writeInt(images.size());
        header.writeInt(28);
        header.writeInt(28);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            idx.write(images.get(i));
            records.write(i % CLASSES);
            records.write(images.get(i));
            rows.add(RowFactory.create((Object) TestImages.grayPngBytes(images.get(i), 28, 28)));
        }
        Path idxFile = write(dir.resolve("idx/images-idx3-ubyte"), idx.toByteArray());
        Path recordFile = write(dir.resolve("records/batch.bin"), records.toByteArray());
        Path table = dir.resolve("table/images.parquet");
        SparkSession.builder().sparkContext(sc.sc()).getOrCreate()
                .createDataFrame(rows, new StructType().add("image", DataTypes.BinaryType)).repartition(3)
                .write().parquet(table.toString());
        SourceFormat recordFormat = new SourceFormat(SourceFormat.AUTO, null,
                new RecordFormat(new ImageShape(1, 28, 28), 1));
        for (Path original : List.of(idxFile, recordFile, table)) {
            Path moved = dir.resolve("moved/elsewhere").resolve(dir.relativize(original));
            copy(original, moved);
            SourceFormat format = original == recordFile ? recordFormat : SourceFormat.auto();
            DatasetSpec there = new DatasetSpec(original.toString(), 0, format, Preparation.asFound(1));
            DatasetSpec here = new DatasetSpec(moved.toString(), 0, format, Preparation.asFound(1));
            List<List<byte[]>> before = partitions(there, 7);
            assertEquals(120, before.stream().mapToInt(List::size).sum());
            assertTrue(samePartitions(before, partitions(here, 7)), original + " moved to " + moved + " mixes the same");
            if (original == idxFile) {
                assertFalse(samePartitions(before, partitions(here, 8)), "another seed mixes differently");
            }
        }
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** A file, or a folder and everything in it. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(Files.isDirectory(file) ? target : target.getParent());
                if (!Files.isDirectory(file)) {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static List<List<byte[]>> partitions(Path corpus, long seed) {
        return partitions(DatasetSpec.of(corpus.toString(), 0), seed);
    }

    private static List<List<byte[]>> partitions(DatasetSpec spec, long seed) {
        try (ImageData data = ImageData.load(sc, spec, PARTITIONS, seed)) {
            return data.images().glom().collect();
        }
    }

    private static boolean samePartitions(List<List<byte[]>> a, List<List<byte[]>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int p = 0; p < a.size(); p++) {
            if (a.get(p).size() != b.get(p).size()) {
                return false;
            }
            for (int i = 0; i < a.get(p).size(); i++) {
                if (!Arrays.equals(a.get(p).get(i), b.get(p).get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Set<Integer> classesOf(List<byte[]> images) {
        Set<Integer> classes = new TreeSet<>();
        images.forEach(image -> classes.add(Corpus.classOf(image[0] & 0xff)));
        return classes;
    }

    private static Set<Integer> allClasses() {
        Set<Integer> all = new TreeSet<>();
        for (int c = 0; c < CLASSES; c++) {
            all.add(c);
        }
        return all;
    }
}
