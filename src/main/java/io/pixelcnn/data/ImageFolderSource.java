package io.pixelcnn.data;

import io.pixelcnn.io.HadoopConf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Images from a folder (and its subfolders) of PNG or JPEG files. The driver lists the paths and decodes
 * the first image for the dataset's shape; executors read and decode the rest. Every visible file must be
 * an image of that shape: anything else stops the job with the file's name.
 */
public final class ImageFolderSource implements ImageSource {

    private final String folder;
    private final List<String> files;
    private final ImageShape shape;
    private final HadoopConf conf;

    private ImageFolderSource(String folder, List<String> files, ImageShape shape, Configuration conf) {
        this.folder = folder;
        this.files = files;
        this.shape = shape;
        this.conf = new HadoopConf(conf);
    }

    public static ImageFolderSource open(String folder, int channels, long limit, Configuration conf) {
        Path root = new Path(folder);
        List<String> files = list(root, conf);
        if (files.isEmpty()) {
            throw new BadInputException(folder + ": no image files");
        }
        if (limit > 0 && files.size() > limit) {
            files = new ArrayList<>(files.subList(0, (int) limit));
        }
        String first = files.get(0);
        ImageShape shape = ImageDecoder.decode(readAll(first, conf), DataFiles.displayName(first), channels).shape();
        return new ImageFolderSource(folder, files, shape, conf);
    }

    @Override
    public String location() {
        return folder;
    }

    @Override
    public ImageShape shape() {
        return shape;
    }

    @Override
    public long count() {
        return files.size();
    }

    @Override
    public JavaRDD<byte[]> read(JavaSparkContext sc, int partitions) {
        return readNamed(sc, partitions).values();
    }

    /** Each image named by its file. */
    @Override
    public JavaPairRDD<String, byte[]> readNamed(JavaSparkContext sc, int partitions) {
        ImageShape shape = this.shape;
        HadoopConf conf = this.conf;
        String reference = new Path(files.get(0)).getName();
        return sc.parallelize(files, partitions).mapToPair(file -> {
            String name = DataFiles.displayName(file);
            return new Tuple2<>(name, ImageDecoder.decode(readAll(file, conf.get()), name, shape, reference));
        });
    }

    private static List<String> list(Path root, Configuration conf) {
        DataFiles.status(root, conf);
        List<String> files = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(conf);
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                Path path = it.next().getPath();
                if (!DataFiles.isHidden(path)) {
                    files.add(path.toString());
                }
            }
        } catch (IOException e) {
            throw new BadInputException(root + ": cannot list (" + e.getMessage() + ")", e);
        }
        files.sort(null); // a stable order: same partitions, same batches, same results
        return files;
    }

    static byte[] readAll(String file, Configuration conf) {
        Path path = new Path(file);
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
