package io.pixelcnn.data;

import io.pixelcnn.io.ClassList;
import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A dataset read, prepared, mixed and cached on the executors, ready to train on or score. Loading is
 * one pass over the source: the images are spread over the run's partitions by their seeded
 * {@link MixingKeys} (every partition holds a fair sample of the whole corpus, sorted by key, so the
 * same seed gives the same partitions), prepared there, cached, and counted. The counting pass is where
 * bad data stops a run, before anything is written: a malformed image failing fast, images of mixed
 * sizes without {@code --image-size}, or more malformed images than {@code max-malformed} allows. Close
 * it to release the cache.
 *
 * <p>Read with labels ({@link Labelling}), each image also carries the label its source keeps, the same
 * pass counts them, and the dataset knows its classes ({@link #classes}) and gives its images with their
 * class indices ({@link #labelled}). Without, nothing differs from a dataset of images alone.
 */
public final class ImageData implements AutoCloseable {

    /** The name of the accumulator counting the images a load read, before the dataset's location. */
    public static final String READ_COUNTER = "images read: ";
    private static final Logger log = LoggerFactory.getLogger(ImageData.class);

    private final String location;
    private final JavaRDD<PreparedImage> prepared;
    private final ImageShape shape;
    private final String reference;
    private final long count;
    private final long malformed;
    /** Null for a dataset read without labels. */
    private final LabelClasses classes;

    private ImageData(String location, JavaRDD<PreparedImage> prepared, ImageShape shape, String reference,
                      long count, long malformed, LabelClasses classes) {
        this.location = location;
        this.prepared = prepared;
        this.shape = shape;
        this.reference = reference;
        this.count = count;
        this.malformed = malformed;
        this.classes = classes;
    }

    /**
     * Reads {@code spec} into {@code partitions} partitions mixed by {@code seed}, and checks it. The
     * images read are counted in a named accumulator ({@link #READ_COUNTER} and the location), which the
     * Spark UI and listeners see: a dataset is read once, however many epochs use it.
     */
    public static ImageData load(JavaSparkContext sc, DatasetSpec spec, int partitions, long seed) {
        try (ImageSource source = ImageSources.open(sc, spec.path(), spec.format(), spec.labelling())) {
            return load(sc, source, spec.preparation(), spec.labelling(), spec.limit(), partitions, seed);
        }
    }

    /** Like {@link #load(JavaSparkContext, DatasetSpec, int, long)}, from a source already open (a DataFrame's column, say). */
    public static ImageData load(JavaSparkContext sc, ImageSource source, Preparation preparation, long limit,
                                 int partitions, long seed) {
        return load(sc, source, preparation, Labelling.NONE, limit, partitions, seed);
    }

    /** Like {@link #load(JavaSparkContext, ImageSource, Preparation, long, int, long)}, read with labels when {@code labelling} asks. */
    public static ImageData load(JavaSparkContext sc, ImageSource source, Preparation preparation, Labelling labelling,
                                  long limit, int partitions, long seed) {
        ImagePreparer preparer = new ImagePreparer(preparation, sc.hadoopConfiguration());
        LongAccumulator read = sc.sc().longAccumulator(READ_COUNTER + source.location());
        JavaPairRDD<Long, SourceItem> items = source.items(sc, preparer, seed, limit);
        long start = System.nanoTime(); // after the listing, which reports its own time
        JavaRDD<PreparedImage> prepared = items
                .repartitionAndSortWithinPartitions(new HashPartitioner(partitions))
                .values()
                .map(item -> {
                    read.add(1);
                    return item.prepare(preparer);
                })
                .setName("images of " + source.location())
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            sc.setJobDescription("read " + source.location());
            DatasetSummary summary = prepared.aggregate(new DatasetSummary(), DatasetSummary::add,
                    DatasetSummary::merge);
            ImageData data = checked(source.location(), prepared, summary, preparation,
                    labelling.conditional() ? source.classOrder() : null, classNames(labelling, source));
            double seconds = (System.nanoTime() - start) / 1e9;
            long images = data.count() + data.malformed();
            log.info(String.format(Locale.ROOT, "%s: %d images read and prepared in %.1f s (%.0f images/s)",
                    source.location(), images, seconds, images / seconds));
            return data;
        } catch (RuntimeException e) {
            prepared.unpersist(false);
            throw e;
        } finally {
            sc.setJobDescription(null);
        }
    }

    /**
     * The first {@code n} images of {@code spec} in the source's order (file, table or record order),
     * prepared, without mixing or caching. Malformed ones count against {@code n} and are left out.
     */
    public static List<PreparedImage> first(JavaSparkContext sc, DatasetSpec spec, int n) {
        ImagePreparer preparer = new ImagePreparer(spec.preparation(), sc.hadoopConfiguration());
        try (ImageSource source = ImageSources.open(sc, spec.path(), spec.format(), spec.labelling())) {
            List<PreparedImage> images = source.items(sc, preparer, 0, n).values()
                    .map(item -> item.prepare(preparer))
                    .filter(PreparedImage::isUsable)
                    .collect();
            if (images.isEmpty()) {
                throw new BadInputException(source.location() + ": no images");
            }
            return images;
        }
    }

    /** The names given for the class indices, else the ones the source knows (Fashion-MNIST's), else none. */
    private static List<String> classNames(Labelling labelling, ImageSource source) {
        List<String> given = labelling.classNames();
        return given.isEmpty() ? source.knownClassNames() : given;
    }

    /** The dataset if its summary passes the checks; {@code order} null for a dataset without labels. */
    private static ImageData checked(String location, JavaRDD<PreparedImage> prepared, DatasetSummary summary,
                                     Preparation preparation, ClassOrder order, List<String> classNames) {
        if (summary.tooManyShapes()) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: images of more than %d different sizes: give "
                    + "--image-size HxW to fit them all to one", location, DatasetSummary.MAX_SHAPES));
        }
        long usable = summary.usable();
        long total = usable + summary.malformed();
        if (total == 0) {
            throw new BadInputException(location + ": no images");
        }
        ImageShape shape = summary.commonShape();
        if (shape == null) {
            throw new BadInputException(location + ": none of its " + total + " images is usable; the first: "
                    + summary.firstMalformed());
        }
        String first = summary.firstName(shape);
        String reference = first.substring(first.lastIndexOf('/') + 1);
        DatasetSummary.Example other = summary.firstOtherThan(shape);
        if (other != null && preparation.mode() == ReadMode.FAILFAST) {
            throw new BadInputException(other.name() + ": " + wrongSize(other.shape(), shape, reference)
                    + " (give --image-size HxW to fit images of every size)");
        }
        long count = summary.count(shape);
        long malformed = total - count;
        if (malformed > preparation.maxMalformed() * total) {
            String example = summary.firstMalformed() != null ? summary.firstMalformed()
                    : other.name() + ": " + wrongSize(other.shape(), shape, reference);
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s: %d of %d images are malformed (%.2f%%), more than --max-malformed %s allows; the first: %s",
                    location, malformed, total, 100.0 * malformed / total, preparation.maxMalformed(), example));
        }
        LabelClasses classes = order == null ? null
                : LabelClasses.of(summary.labelCounts(shape), order, classNames, location);
        return new ImageData(location, prepared, shape, reference, count, malformed, classes);
    }

    private static String wrongSize(ImageShape found, ImageShape expected, String reference) {
        return found.height() + "x" + found.width() + " image, expected " + expected.height() + "x" + expected.width()
                + " like " + reference;
    }

    public String location() {
        return location;
    }

    public ImageShape shape() {
        return shape;
    }

    /** Usable images of the dataset's shape: what is trained on and scored. */
    public long count() {
        return count;
    }

    /** Images left out: malformed, or (skipping them) of another size. */
    public long malformed() {
        return malformed;
    }

    /** The images, one byte per sub-pixel (NCHW), in their mixed partitions. */
    public JavaRDD<byte[]> images() {
        ImageShape shape = this.shape;
        return prepared.filter(image -> image.has(shape)).map(PreparedImage::pixels);
    }

    /** Like {@link #images}, each with its name (file, table row or {@code FILE#INDEX}). */
    public JavaPairRDD<String, byte[]> named() {
        ImageShape shape = this.shape;
        return prepared.filter(image -> image.has(shape)).mapToPair(image -> new Tuple2<>(image.name(), image.pixels()));
    }

    /**
     * The classes of a dataset read with labels, in index order, with the images of each: empty for one read
     * without.
     */
    public Optional<ClassList> classes() {
        return classes == null ? Optional.empty() : Optional.of(classes.list());
    }

    /**
     * Like {@link #images}, each with its class index, in the same partitions and order.
     *
     * @throws IllegalStateException for a dataset read without labels
     */
    public JavaRDD<LabelledImage> labelled() {
        if (classes == null) {
            throw new IllegalStateException(location + " was read without labels");
        }
        ImageShape shape = this.shape;
        LabelClasses classes = this.classes;
        return prepared.filter(image -> image.has(shape))
                .map(image -> new LabelledImage(image.pixels(), classes.index(image.label())));
    }

    /**
     * Like {@link #labelled}, each image's class numbered as in {@code modelClasses}, the classes a model was
     * trained on: a test set may hold fewer classes, or name them in another order. A class the model does
     * not know is one line naming the dataset, the class and the model's classes, before any work.
     *
     * @throws BadInputException if an image of this dataset has a class {@code modelClasses} lacks
     */
    public JavaRDD<LabelledImage> labelledAs(ClassList modelClasses) {
        ClassList own = classes().orElseThrow(() -> new IllegalStateException(location + " was read without labels"));
        int[] toModel = new int[own.size()];
        for (int k = 0; k < own.size(); k++) {
            toModel[k] = modelClasses.indexOf(own.names().get(k));
            if (toModel[k] < 0 && own.counts().get(k) > 0) {
                throw new BadInputException(String.format("%s: class '%s' (%d images) is not one of the model's %d classes (%s)",
                        location, own.names().get(k), own.counts().get(k), modelClasses.size(),
                        String.join(", ", modelClasses.names())));
            }
        }
        return labelled().map(image -> new LabelledImage(image.pixels(), toModel[image.label()]));
    }

    /**
     * About {@code limit} images (0: all), the first of every partition. Partitions are sorted by random
     * keys, so this is a fair sample of the whole dataset, the same one every time.
     */
    public JavaRDD<byte[]> head(long limit) {
        return head(images(), limit);
    }

    /**
     * Like {@link #head(long)}, of this dataset's images in another form ({@link #labelled}, say), which
     * keeps their partitions and order: the same images.
     */
    public <T> JavaRDD<T> head(JavaRDD<T> images, long limit) {
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
    public void requireShape(ImageShape expected, String expectedFrom) {
        if (!shape.equals(expected)) {
            throw new BadInputException(location + ": " + shape + " images, but " + expectedFrom + " has " + expected);
        }
    }

    /**
     * Writes one CSV row per image left out ({@code dataset,image,reason}), streaming them from the
     * executors one partition at a time; the caller wrote the header.
     */
    public void writeMalformed(Writer out, String dataset) throws IOException {
        if (malformed == 0) {
            return;
        }
        ImageShape shape = this.shape;
        String reference = this.reference;
        Iterator<String[]> rows = prepared.filter(image -> !image.has(shape))
                .map(image -> new String[]{image.name(), image.isUsable()
                        ? wrongSize(image.shape(), shape, reference) : image.problem()})
                .toLocalIterator();
        while (rows.hasNext()) {
            String[] row = rows.next();
            out.write(Csv.row(dataset, row[0], row[1]));
        }
    }

    /** Releases the cached images on the executors. */
    @Override
    public void close() {
        prepared.unpersist(false);
    }

    @Override
    public String toString() {
        return count + " images of " + shape + (malformed > 0 ? " (" + malformed + " left out)" : "");
    }
}
