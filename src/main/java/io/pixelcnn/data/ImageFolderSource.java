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
 * partitions as names; each is read and decoded where it will be cached.
 */
final class ImageFolderSource implements ImageSource {

    private final String folder;
    private final Configuration conf;
    private ParallelListing listing;

    private ImageFolderSource(String folder, Configuration conf) {
        this.folder = folder;
        this.conf = conf;
    }

    static ImageFolderSource open(String folder, Configuration conf) {
        if (!DataFiles.status(new Path(folder), conf).isDirectory()) {
            throw new BadInputException(folder + ": not a folder");
        }
        return new ImageFolderSource(folder, conf);
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
        return files.mapToPair(file -> new Tuple2<>(MixingKeys.of(seed, MixingKeys.id(below(root, file.path()))),
                new FileItem(file.path(), file.length())));
    }

    private static String below(String root, String path) {
        return path.startsWith(root) ? path.substring(root.length()) : path;
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
