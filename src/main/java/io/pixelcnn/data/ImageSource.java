package io.pixelcnn.data;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A dataset of equally sized images. The driver learns only its shape and size; the pixels are read and
 * decoded on the executors, straight from the file system, into one byte per sub-pixel (NCHW).
 */
public interface ImageSource {

    /** Where the images come from, for messages. */
    String location();

    ImageShape shape();

    /** Requires the same image shape as {@code reference}, naming both datasets otherwise. */
    default void requireShape(ImageShape reference, String referenceName) {
        if (!shape().equals(reference)) {
            throw new BadInputException(location() + ": " + shape() + " images, but " + referenceName + " has " + reference);
        }
    }

    /** How many images {@link #read} yields. */
    long count();

    /** The images as {@code partitions} partitions whose sizes differ by at most one. Lazy, not cached. */
    JavaRDD<byte[]> read(JavaSparkContext sc, int partitions);

    /**
     * Like {@link #read}, each image with a name a person can find it by: {@code LOCATION#INDEX} (0-based,
     * in file order) unless the source has something better, such as the image's own file.
     */
    default JavaPairRDD<String, byte[]> readNamed(JavaSparkContext sc, int partitions) {
        String location = location();
        return read(sc, partitions).zipWithIndex().mapToPair(image -> new Tuple2<>(location + "#" + image._2(), image._1()));
    }
}
