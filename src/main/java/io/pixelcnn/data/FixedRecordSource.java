package io.pixelcnn.data;

import io.pixelcnn.io.HadoopConf;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Images stored as fixed-size records back to back in one or more files (IDX after its header,
 * CIFAR-style binaries). The driver knows only how many records each file holds; each partition opens
 * the files its contiguous range touches and reads its records itself: seeking in raw files,
 * decompressing up to its range in gzipped ones. Partitions come out balanced and in file order,
 * with no shuffle.
 */
final class FixedRecordSource implements ImageSource {

    /** One file: where its records start, how many it should hold, and how to say so in an error. */
    record Part(String file, long headerBytes, long records, String promise) implements Serializable {
    }

    private final String location;
    private final List<Part> parts;
    private final int labelBytes;
    private final ImageShape shape;
    private final long count;
    private final HadoopConf conf;

    FixedRecordSource(String location, List<Part> parts, int labelBytes, ImageShape shape, long limit,
                      Configuration conf) {
        long total = parts.stream().mapToLong(Part::records).sum();
        this.location = location;
        this.parts = List.copyOf(parts);
        this.labelBytes = labelBytes;
        this.shape = shape;
        this.count = limit > 0 ? Math.min(limit, total) : total;
        this.conf = new HadoopConf(conf);
    }

    List<Part> parts() {
        return parts;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public ImageShape shape() {
        return shape;
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
        List<Part> parts = this.parts;
        int labelBytes = this.labelBytes;
        int dims = shape.dims();
        HadoopConf conf = this.conf;
        return sc.parallelize(ranges, ranges.size())
                .mapPartitions(slice -> {
                    List<byte[]> images = new ArrayList<>();
                    slice.forEachRemaining(range -> images.addAll(
                            readRange(parts, labelBytes, dims, new Shards.Range(range[0], range[1]), conf.get())));
                    return images.iterator();
                });
    }

    /** The images of records {@code [start, end)}, counted across the files in order. */
    static List<byte[]> readRange(List<Part> parts, int labelBytes, int dims, Shards.Range range, Configuration conf) {
        List<byte[]> images = new ArrayList<>((int) range.size());
        long first = 0;
        for (Part part : parts) {
            long start = Math.max(range.start(), first);
            long end = Math.min(range.end(), first + part.records());
            if (start < end) {
                images.addAll(readPart(part, labelBytes, dims, start - first, end - first, conf));
            }
            first += part.records();
        }
        return images;
    }

    private static List<byte[]> readPart(Part part, int labelBytes, int dims, long start, long end, Configuration conf) {
        int recordBytes = labelBytes + dims;
        Path path = new Path(part.file());
        List<byte[]> images = new ArrayList<>((int) (end - start));
        try (InputStream in = openAt(path, part.headerBytes() + start * recordBytes, conf)) {
            for (long i = start; i < end; i++) {
                byte[] record = in.readNBytes(recordBytes);
                if (record.length < recordBytes) {
                    throw truncated(part, i);
                }
                byte[] pixels = new byte[dims];
                System.arraycopy(record, labelBytes, pixels, 0, dims);
                images.add(pixels);
            }
            return images;
        } catch (EOFException e) { // a cut gzip stream
            throw truncated(part, start);
        } catch (IOException e) {
            throw new UncheckedIOException(part.file() + ": " + e.getMessage(), e);
        }
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

    static BadInputException truncated(Part part, long completeRecords) {
        return new BadInputException(DataFiles.displayName(part.file()) + ": truncated: " + part.promise()
                + ", data ends after " + Math.max(0, completeRecords));
    }
}
