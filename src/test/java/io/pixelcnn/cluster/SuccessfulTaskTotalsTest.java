package io.pixelcnn.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.shuffle.FetchFailedException;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * {@link SuccessfulTaskTotals} where Spark really adds a task's work twice: a reduce task reports its shuffle
 * input lost (a {@link FetchFailedException}, what a reducer throws when the executor holding a map output is
 * gone), so Spark forgets that executor's map outputs, runs every map task again in a new attempt of the map
 * stage (each partition's second successful attempt adds to the accumulator again), then runs the reduce
 * partition it lacks in a new attempt of the reduce stage, where that partition is task 0.
 */
class SuccessfulTaskTotalsTest {

    private static final int IMAGES = 400;
    private static final int PARTITIONS = 4;
    /** The reduce partition that fails once, after the others have finished. */
    private static final int FAILING = 3;

    @TempDir
    Path dir;

    @Test
    void workSparkDoesTwiceAfterLosingAMapOutputCountsOncePerPartition() throws Exception {
        String markers = dir.toString();
        try (JavaSparkContext sc = LocalSpark.start("successful-task-totals")) {
            LongAccumulator mapped = sc.sc().longAccumulator("mapped");
            LongAccumulator reduced = sc.sc().longAccumulator("reduced");
            TaskEnds ends = new TaskEnds();
            sc.sc().addSparkListener(ends);
            try (SuccessfulTaskTotals totals = SuccessfulTaskTotals.watch(sc, mapped, reduced)) {
                List<Integer> numbers = IntStream.range(0, IMAGES).boxed().toList();
                JavaPairRDD<Integer, Integer> pairs = sc.parallelize(numbers, PARTITIONS).mapPartitionsToPair(values -> {
                    List<Tuple2<Integer, Integer>> out = new ArrayList<>();
                    values.forEachRemaining(v -> out.add(new Tuple2<>(v % PARTITIONS, 1)));
                    mapped.add(out.size());
                    return out.iterator();
                });
                JavaPairRDD<Integer, Integer> shuffled = pairs.partitionBy(new HashPartitioner(PARTITIONS));
                int shuffle = ((ShuffleDependency<?, ?, ?>) shuffled.rdd().dependencies().head()).shuffleId();
                List<Long> counts = shuffled.mapPartitionsWithIndex((partition, values) -> {
                    long n = 0;
                    for (Iterator<Tuple2<Integer, Integer>> it = values; it.hasNext(); it.next()) {
                        n++;
                    }
                    Path failedOnce = Path.of(markers, "failed-once");
                    if (partition == FAILING && !Files.exists(failedOnce)) {
                        for (int other = 0; other < PARTITIONS; other++) {
                            awaitFile(Path.of(markers, "done-" + other), other == FAILING);
                        }
                        Files.createFile(failedOnce);
                        throw new FetchFailedException(SparkEnv.get().blockManager().blockManagerId(), shuffle, 0L, 0,
                                partition, "planted: the map outputs are gone", null);
                    }
                    reduced.add(n);
                    Files.createFile(Path.of(markers, "done-" + partition));
                    return Collections.singletonList(n).iterator();
                }, false).collect();
                totals.awaitTaskEnds();

                assertEquals(IMAGES, counts.stream().mapToLong(Long::longValue).sum(), "the job's result");
                // Spark's own record: the scenario happened as described
                for (int p = 0; p < PARTITIONS; p++) {
                    int partition = p;
                    assertEquals(2, ends.successes().stream().filter(e -> e.stage() == ends.mapStage()
                            && e.partition() == partition).count(), "map partition " + p + " succeeded twice: " + ends);
                }
                assertTrue(ends.successes().stream().anyMatch(e -> e.stage() == ends.resultStage() && e.stageAttempt() == 1
                        && e.partition() == FAILING && e.index() == 0), "reduce partition " + FAILING
                        + " ran as task 0 of the stage's second attempt: " + ends);

                assertEquals(2L * IMAGES, mapped.value(), "Spark's accumulator adds the redone map work again");
                assertEquals(IMAGES, totals.total(mapped), "counted once per map partition");
                assertEquals(IMAGES, reduced.value());
                assertEquals(IMAGES, totals.total(reduced), "the later attempt's task 0 is partition " + FAILING
                        + ", counted, not taken for partition 0");
            }
        }
    }

    /** Waits for a file another task writes; the deadline only stops a hang. */
    private static void awaitFile(Path file, boolean skip) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!skip && !Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("never written: " + file);
            }
            Thread.sleep(10);
        }
    }

    /** One successful task attempt as Spark's listener bus reported it. */
    record End(int stage, int stageAttempt, int index, int partition) {
    }

    /** Successful task ends, and which stage was the shuffle's map side (the first) and the result. */
    static final class TaskEnds extends SparkListener {

        private final List<End> successes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().successful()) {
                successes.add(new End(end.stageId(), end.stageAttemptId(), end.taskInfo().index(),
                        end.taskInfo().partitionId()));
            }
        }

        List<End> successes() {
            return List.copyOf(successes);
        }

        int mapStage() {
            return successes().stream().mapToInt(End::stage).min().orElseThrow();
        }

        int resultStage() {
            return successes().stream().mapToInt(End::stage).max().orElseThrow();
        }

        @Override
        public String toString() {
            return successes().toString();
        }
    }
}
