package io.pixelcnn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * A Spark listener for a test driving another JVM ({@code spark.extraListeners}): when the first task of a
 * stage starts, a line with the stage's name (its call site in the job's code, e.g.
 * {@code parquet at ScoreTable.java:45}) is appended to the file named by {@link #OUT}, so the test knows
 * which work is running in the child at this moment.
 */
public class StageStarts extends SparkListener {

    public static final String OUT = "spark.pixelcnn.test.stageStarts.out";

    private final Path out;
    private final Map<Integer, String> names = new ConcurrentHashMap<>();

    public StageStarts(SparkConf conf) {
        this.out = Path.of(conf.get(OUT));
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        names.put(submitted.stageInfo().stageId(), submitted.stageInfo().name());
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
        String name = names.remove(start.stageId());
        if (name != null) {
            try {
                Files.writeString(out, name + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Waits until a stage whose name holds {@code part} has a task running in {@code process}. */
    public static void await(Path file, String part, Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!(Files.exists(file) && Files.readString(file).contains(part))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no stage '" + part + "' ran:\n" + (Files.exists(file) ? Files.readString(file) : "")
                        + "\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }
}
