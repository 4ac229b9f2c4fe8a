package io.pixelcnn.data;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Images from a folder and its subfolders of image files (PNG, JPEG, ...), such as a corpus sorted into
 * class folders. Files are listed on the executors ({@link ParallelListing}) and travel to their
 * partitions as names; each is read and decoded where it will be cached. With labels, an image's class
 * is the first folder below the root ({@code root/shirt/a/1.png} is a shirt), found from its path where
 * it is listed, so labels cost no extra pass.
 */
final class ImageFolderSource implements ImageSource {

    private final String folder;
    private final Configuration conf;
    private final boolean labelled;
    private ParallelListing listing;

    private ImageFolderSource(String folder, Configuration conf, boolean labelled) {
        this.folder = folder;
        this.conf = conf;
        this.labelled = labelled;
    }

    static ImageFolderSource open(String folder, Configuration conf, boolean labelled) {
        if (!DataFiles.status(new Path(folder), conf).isDirectory()) {
            throw new BadInputException(folder + ": not a folder");
        }
        return new ImageFolderSource(folder, conf, labelled);
    }

    @Override
    public ClassOrder classOrder() {
        return ClassOrder.NAME;
    }

    @Override
    public String location() {
        return folder;
    }

    @Override
    public JavaPairRDD<Long, SourceItem> items(JavaSparkContext sc, ImagePreparer preparer, long seed, long limit) {
        close();
        try {
            listing = new ParallelListing(sc, new Path(folder), conf);
        } catch (IOException e) {
            throw new BadInputException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
        JavaRDD<FolderEntries.Entry> files = listing.files();
        if (limit > 0) {
            files = firstByPath(files, limit);
        }
        // an image's identity is its path below the folder, so a corpus copied elsewhere (another
        // cluster, a test's temporary folder) mixes the same for the same seed
        String root = listing.root();
        boolean labelled = this.labelled;
        return files.mapToPair(file -> {
            String below = below(root, file.path());
            SourceItem item = labelled ? new FileItem(file.path(), file.length(), classFolder(below, file.path()))
                    : new FileItem(file.path(), file.length());
            return new Tuple2<>(MixingKeys.of(seed, MixingKeys.id(below)), item);
        });
    }

    private static String below(String root, String path) {
        return path.startsWith(root) ? path.substring(root.length()) : path;
    }

    /** The first folder of {@code below} (the path below the root, starting with '/'): the image's class. */
    static String classFolder(String below, String path) {
        String relative = below.startsWith("/") ? below.substring(1) : below;
        int slash = relative.indexOf('/');
        if (slash <= 0) {
            throw new BadInputException(DataFiles.displayName(path) + ": an image directly in the dataset folder has "
                    + "no class: class folders hold the images, one folder per class");
        }
        return relative.substring(0, slash);
    }

    /** The first {@code limit} files in path order: sorting names, not reading files. */
    private static JavaRDD<FolderEntries.Entry> firstByPath(JavaRDD<FolderEntries.Entry> files, long limit) {
        return files.sortBy(FolderEntries.Entry::path, true, files.getNumPartitions())
                .zipWithIndex()
                .filter(indexed -> indexed._2() < limit)
                .keys();
    }

    @Override
    public void close() {
        if (listing != null) {
            listing.close();
            listing = null;
        }
    }
}
