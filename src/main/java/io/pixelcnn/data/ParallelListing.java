package io.pixelcnn.data;

import io.pixelcnn.io.HadoopConf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists every visible file under a folder on the executors, one level of folders per round: each round
 * lists its folders in parallel tasks, sends only the subfolders it found back to the driver and keeps
 * the files where they were listed. The driver never holds the files, so a corpus of millions of files
 * lists with a small driver; a folder of millions of files streams through one task. Close the listing
 * when its files have been used: its rounds are cached until then, so files are listed once.
 */
final class ParallelListing implements AutoCloseable {

    /** Folders listed per task at most, so a wide tree still spreads over the cluster. */
    private static final int FOLDERS_PER_TASK = 16;

    private static final Logger log = LoggerFactory.getLogger(ParallelListing.class);

    private final List<JavaRDD<FolderEntries.Entry>> rounds = new ArrayList<>();
    private final JavaRDD<FolderEntries.Entry> files;
    private final String root;

    ParallelListing(JavaSparkContext sc, Path root, Configuration conf) throws IOException {
        long start = System.nanoTime();
        HadoopConf hadoop = new HadoopConf(conf);
        this.root = root.getFileSystem(conf).makeQualified(root).toString();
        List<String> frontier = List.of(this.root);
        List<JavaRDD<FolderEntries.Entry>> found = new ArrayList<>();
        long listed = 0;
        sc.setJobDescription("list " + root);
        try {
            while (!frontier.isEmpty()) {
                listed += frontier.size();
                int tasks = (frontier.size() + FOLDERS_PER_TASK - 1) / FOLDERS_PER_TASK;
                JavaRDD<FolderEntries.Entry> round = sc.parallelize(frontier, Math.max(1, Math.min(frontier.size(),
                                Math.max(tasks, sc.defaultParallelism()))))
                        .flatMap(folder -> FolderEntries.open(new Path(folder), hadoop.get()))
                        .setName("listing of " + root + " (round " + (rounds.size() + 1) + ")")
                        .persist(StorageLevel.MEMORY_AND_DISK_SER());
                rounds.add(round);
                frontier = round.filter(entry -> entry.folder()).map(entry -> entry.path()).collect();
                found.add(round.filter(entry -> !entry.folder()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            sc.setJobDescription(null);
        }
        this.files = found.size() == 1 ? found.get(0) : sc.union(found.toArray(JavaRDD[]::new));
        log.info(String.format(Locale.ROOT, "%s: %d folders listed on the executors in %.1f s", root, listed,
                (System.nanoTime() - start) / 1e9));
    }

    /** The root, qualified: the start of every listed file's path. */
    String root() {
        return root;
    }

    /** Every visible file below the root, lazily (the folders were listed when this listing was made). */
    JavaRDD<FolderEntries.Entry> files() {
        return files;
    }

    @Override
    public void close() {
        rounds.forEach(round -> round.unpersist(false));
    }

}
