package io.pixelcnn.cluster;

import java.util.Locale;
import org.apache.spark.SparkConf;
import org.bytedeco.javacpp.Pointer;

/**
 * The memory one training task can use at most: that of the JVM it runs in. On a cluster an executor's
 * container, {@code spark.executor.memory} plus {@code spark.executor.memoryOverhead} (Spark's default:
 * a tenth of the memory, at least 384 MiB), which also holds ND4J's arrays (they live off the Java heap).
 * In local mode the driver's own JVM: its heap plus ND4J's off-heap allowance
 * ({@code org.bytedeco.javacpp.maxbytes}, by default as large as the heap).
 *
 * @param bytes  the limit
 * @param source where it comes from, as a message shows it
 */
public record TaskMemory(long bytes, String source) {

    private static final long MIB = 1L << 20;
    private static final long MIN_OVERHEAD_MIB = 384;
    private static final double DEFAULT_OVERHEAD_FACTOR = 0.10;

    /** The limit for tasks of a job with this configuration. */
    public static TaskMemory of(SparkConf conf) {
        if (conf.get("spark.master", "local[*]").startsWith("local")) {
            long heap = Runtime.getRuntime().maxMemory();
            long offHeap = Pointer.maxBytes();
            return new TaskMemory(heap + offHeap, "this JVM's heap of " + gib(heap) + " and ND4J's off-heap "
                    + gib(offHeap) + " (org.bytedeco.javacpp.maxbytes) in local mode");
        }
        long memoryMib = conf.getSizeAsMb("spark.executor.memory", "1g");
        long overheadMib = conf.contains("spark.executor.memoryOverhead")
                ? conf.getSizeAsMb("spark.executor.memoryOverhead")
                : Math.max(MIN_OVERHEAD_MIB, (long) (conf.getDouble("spark.executor.memoryOverheadFactor",
                        DEFAULT_OVERHEAD_FACTOR) * memoryMib));
        return new TaskMemory((memoryMib + overheadMib) * MIB, "an executor's " + gib(memoryMib * MIB)
                + " (spark.executor.memory) and " + gib(overheadMib * MIB) + " (spark.executor.memoryOverhead)");
    }

    /** "3.5 GiB". */
    public static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
    }
}
