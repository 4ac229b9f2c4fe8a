package io.pixelcnn.data;

import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * A dataset read, decoded and cached on the executors. Loading counts the images, which makes every
 * executor read its share: bad files fail here, before a run writes anything. Close it to release the cache.
 */
public record ImageData(ImageSource source, JavaRDD<byte[]> images, long count) implements AutoCloseable {

    public static ImageData load(JavaSparkContext sc, String path, int channels, RecordFormat records, long limit,
                                 int partitions) {
        Configuration conf = sc.hadoopConfiguration();
        ImageSource source = ImageSources.open(path, channels, records, limit, conf);
        JavaRDD<byte[]> images = source.read(sc, partitions)
                .setName(source.location())
                .persist(StorageLevel.MEMORY_AND_DISK());
        long count = images.count();
        if (count == 0) {
            throw new BadInputException(source.location() + ": no images");
        }
        return new ImageData(source, images, count);
    }

    public ImageShape shape() {
        return source.shape();
    }

    /** About the first {@code limit} images (0: all), taken evenly from every partition. */
    public JavaRDD<byte[]> head(long limit) {
        if (limit <= 0 || limit >= count) {
            return images;
        }
        long perPartition = (limit + images.getNumPartitions() - 1) / images.getNumPartitions();
        return images.mapPartitions(it -> first(it, perPartition), true);
    }

    private static <T> Iterator<T> first(Iterator<T> it, long count) {
        return new Iterator<>() {
            long left = count;

            @Override
            public boolean hasNext() {
                return left > 0 && it.hasNext();
            }

            @Override
            public T next() {
                left--;
                return it.next();
            }
        };
    }

    /** Requires the same image shape as {@code reference}, naming both datasets otherwise. */
    public void requireShape(ImageShape reference, String referenceName) {
        source.requireShape(reference, referenceName);
    }

    /** Releases the cached images on the executors. */
    @Override
    public void close() {
        images.unpersist(false);
    }
}
