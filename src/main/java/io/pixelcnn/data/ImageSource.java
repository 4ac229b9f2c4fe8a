package io.pixelcnn.data;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A way of reading images: IDX files, binary records, folders of image files, tables. The driver only
 * checks what is cheap to check (the path exists, a header, a table's schema); the images are listed,
 * read and prepared on the executors. Every source ends in the same thing, images keyed for mixing;
 * {@link ImageData} does the rest (mixing, caching, counting, the malformed-image policy) once for all.
 */
public interface ImageSource extends AutoCloseable {

    /** Where the images come from, for messages. */
    String location();

    /**
     * Every image, or only the first {@code limit} in the source's order (file order, table order) when
     * {@code limit > 0}, each keyed by {@link MixingKeys} for a run seeded with {@code seed}. Lazy; the
     * partitions are the source's own (few, uneven), and the keys place the images in the run's.
     * Read in order without mixing (as {@link ImageData#first} does), the images keep the source's order.
     */
    JavaPairRDD<Long, SourceItem> items(JavaSparkContext sc, ImagePreparer preparer, long seed, long limit);

    /** How the labels this source reads become class indices (see {@link Labelling}). */
    default ClassOrder classOrder() {
        return ClassOrder.INDEX;
    }

    /**
     * The names of the class indices when the source knows them (a label file it recognised); empty when the
     * labels name themselves or are only numbers.
     */
    default List<String> knownClassNames() {
        return List.of();
    }

    /** Releases what the source cached to list its images, once they have been read. */
    @Override
    default void close() {
    }
}
