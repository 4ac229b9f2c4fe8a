package io.pixelcnn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.collection.JavaConverters;

/**
 * A Spark listener for tests in another JVM ({@code spark.extraListeners}): for every job description
 * (the job sets them: "read DATA", "epoch 1: train", ...), the sum of every named accumulator's updates
 * by successful tasks. Written at the end of the application as properties
 * {@code DESCRIPTION | ACCUMULATOR = SUM} to the file named by {@link #OUT}.
 */
public class ReadCounter extends SparkListener {

    public static final String OUT = "spark.pixelcnn.test.readCounter.out";
    private static final String NO_DESCRIPTION = "(none)";

    private final Path out;
    private final Map<Integer, String> stageDescriptions = new ConcurrentHashMap<>();
    private final Map<String, Long> sums = new ConcurrentHashMap<>();

    public ReadCounter(SparkConf conf) {
        this.out = Path.of(conf.get(OUT));
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String description = jobStart.properties() == null ? null
                : jobStart.properties().getProperty("spark.job.description");
        for (Object stage : JavaConverters.seqAsJavaList(jobStart.stageIds())) {
            stageDescriptions.putIfAbsent((Integer) stage, description == null ? NO_DESCRIPTION : description);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskInfo() == null || !taskEnd.taskInfo().successful()) {
            return;
        }
        String description = stageDescriptions.getOrDefault(taskEnd.stageId(), NO_DESCRIPTION);
        for (AccumulableInfo accumulable : JavaConverters.seqAsJavaList(taskEnd.taskInfo().accumulables())) {
            if (accumulable.name().isDefined() && accumulable.update().isDefined()
                    && accumulable.update().get() instanceof Long update && !accumulable.name().get().startsWith("internal.")) {
                sums.merge(description + " | " + accumulable.name().get(), update, Long::sum);
            }
        }
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd end) {
        Properties properties = new Properties();
        new TreeMap<>(sums).forEach((key, sum) -> properties.setProperty(key, Long.toString(sum)));
        try (Writer writer = Files.newBufferedWriter(out)) {
            properties.store(writer, "named accumulator sums of successful tasks, by job description");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sums a run wrote, read back. */
    public static Map<String, Long> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, Long> sums = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> sums.put(key, Long.parseLong(properties.getProperty(key))));
        return sums;
    }
}
