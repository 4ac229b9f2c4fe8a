package io.pixelcnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.config.TrainConfig;
import io.pixelcnn.data.DatasetSpec;
import io.pixelcnn.data.ImageData;
import io.pixelcnn.testing.Corpus;
import io.pixelcnn.testing.LocalSpark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
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

    private static List<List<byte[]>> partitions(Path corpus, long seed) {
        try (ImageData data = ImageData.load(sc, DatasetSpec.of(corpus.toString(), 0), PARTITIONS, seed)) {
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
