package io.pixelcnn.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A dataset of equally sized images. The driver learns only its shape and size; the pixels are read and
 * decoded on the executors, straight from the file system, into one byte per sub-pixel (NCHW).
 */
public interface ImageSource {

    /** Where the images come from, for messages. */
    String location();

    ImageShape shape();

    /** How many images {@link #read} yields. */
    long count();

    /** The images as {@code partitions} partitions whose sizes differ by at most one. Lazy, not cached. */
    JavaRDD<byte[]> read(JavaSparkContext sc, int partitions);
}
