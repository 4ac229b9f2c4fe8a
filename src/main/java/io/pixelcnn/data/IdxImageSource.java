package io.pixelcnn.data;

import io.pixelcnn.io.HadoopConf;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Images from an IDX file (MNIST, Fashion-MNIST), raw or gzipped. Each partition opens the file itself and
 * reads its own contiguous range: seeking in a raw file, decompressing up to its range in a gzipped one.
 */
public final class IdxImageSource implements ImageSource {

    private final String file;
    private final IdxHeader header;
    private final long count;
    private final HadoopConf conf;

    private IdxImageSource(String file, IdxHeader header, long count, Configuration conf) {
        this.file = file;
        this.header = header;
        this.count = count;
        this.conf = new HadoopConf(conf);
    }

    /** Reads and checks the header on the driver; {@code limit} > 0 keeps only the first images. */
    public static IdxImageSource open(String file, long limit, Configuration conf) {
        Path path = new Path(file);
        long length = DataFiles.status(path, conf).getLen();
        try (InputStream in = DataFiles.open(path, conf)) {
            IdxHeader header = IdxHeader.read(in, file);
            if (!DataFiles.isGzip(path, conf) && length < IdxHeader.IMAGES_HEADER_BYTES + header.dataBytes()) {
                throw truncated(file, header, (length - IdxHeader.IMAGES_HEADER_BYTES) / header.shape().dims());
            }
            long count = limit > 0 ? Math.min(limit, header.count()) : header.count();
            return new IdxImageSource(file, header, count, conf);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String location() {
        return file;
    }

    @Override
    public ImageShape shape() {
        return header.shape();
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public JavaRDD<byte[]> read(JavaSparkContext sc, int partitions) {
        // ranges travel as long[] {start, end}: Spark's Kryo cannot serialise records
        List<long[]> ranges = Shards.balanced(count, partitions).stream()
                .map(range -> new long[]{range.start(), range.end()})
                .toList();
        String file = this.file;
        IdxHeader header = this.header;
        HadoopConf conf = this.conf;
        return sc.parallelize(ranges, ranges.size())
                .mapPartitions(slice -> {
                    List<byte[]> images = new ArrayList<>();
                    slice.forEachRemaining(range ->
                            images.addAll(readRange(file, header, new Shards.Range(range[0], range[1]), conf.get())));
                    return images.iterator();
                });
    }

    static List<byte[]> readRange(String file, IdxHeader header, Shards.Range range, Configuration conf) {
        int dims = header.shape().dims();
        long offset = IdxHeader.IMAGES_HEADER_BYTES + range.start() * dims;
        Path path = new Path(file);
        try (InputStream in = openAt(path, offset, conf)) {
            List<byte[]> images = new ArrayList<>((int) range.size());
            for (long i = range.start(); i < range.end(); i++) {
                byte[] pixels = readImage(in, dims);
                if (pixels == null) {
                    throw truncated(file, header, i);
                }
                images.add(pixels);
            }
            return images;
        } catch (EOFException e) {
            throw truncated(file, header, range.start());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The next image, or null where the data ends early (a cut gzip stream ends with an EOFException too). */
    private static byte[] readImage(InputStream in, int dims) throws IOException {
        byte[] pixels = in.readNBytes(dims);
        return pixels.length == dims ? pixels : null;
    }

    private static InputStream openAt(Path path, long offset, Configuration conf) throws IOException {
        if (DataFiles.isGzip(path, conf)) {
            InputStream in = DataFiles.open(path, conf);
            in.skipNBytes(offset);
            return in;
        }
        FSDataInputStream in = path.getFileSystem(conf).open(path, 1 << 16);
        in.seek(offset);
        return in;
    }

    private static BadInputException truncated(String file, IdxHeader header, long completeImages) {
        return new BadInputException(String.format(
                "%s: truncated: header promises %d images of %dx%d, data ends after %d",
                file, header.count(), header.columns(), header.rows(), Math.max(0, completeImages)));
    }
}
