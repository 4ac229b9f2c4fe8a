package io.pixelcnn.data;

import io.pixelcnn.io.HadoopConf;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Images stored as fixed-size records back to back in one or more files (IDX after its header,
 * CIFAR-style binaries). The driver knows only how many records each file promises. Raw files are read
 * in slices, each task seeking to its own; a gzipped file cannot be entered in the middle, so one task
 * reads it from start to end, decompressing it once, and the mixing shuffle spreads its images.
 *
 * <p>With labels, each image carries its class index: the last of a record's label bytes (CIFAR-10's one
 * byte; CIFAR-100's second, the fine label), or the byte of the IDX label file at the image's index,
 * read in step with the images by the same task.
 */
final class FixedRecordSource implements ImageSource {

    /** Records per task when a raw file is read in slices. */
    private static final long SLICE_RECORDS = 8192;

    /** One file: where its records start, how many it should hold, and how to say so in an error. */
    record Part(String file, long headerBytes, long records, String promise, boolean gzip) implements Serializable {
    }

    private final String location;
    private final List<Part> parts;
    private final int labelBytes;
    private final ImageShape shape;
    private final HadoopConf conf;
    private final Labels labels;

    /** Where the labels are read, if they are: nowhere, the records' label bytes, or an IDX label file. */
    record Labels(boolean fromRecords, IdxLabelFile file) implements Serializable {
        static final Labels NONE = new Labels(false, null);
        static final Labels RECORDS = new Labels(true, null);

        static Labels idx(IdxLabelFile file) {
            return new Labels(false, file);
        }
    }

    FixedRecordSource(String location, List<Part> parts, int labelBytes, ImageShape shape, Configuration conf,
                      Labels labels) {
        this.location = location;
        this.parts = List.copyOf(parts);
        this.labelBytes = labelBytes;
        this.shape = shape;
        this.conf = new HadoopConf(conf);
        this.labels = labels;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public List<String> knownClassNames() {
        return labels.file() == null ? List.of() : labels.file().knownNames();
    }

    @Override
    public JavaPairRDD<Long, SourceItem> items(JavaSparkContext sc, ImagePreparer preparer, long seed, long limit) {
        List<Part> parts = this.parts;
        int labelBytes = this.labelBytes;
        ImageShape shape = this.shape;
        HadoopConf conf = this.conf;
        Labels labels = this.labels;
        // slices travel as long[] {part, first record of the part, end}: Spark's Kryo cannot build records
        List<long[]> slices = slices(limit);
        return sc.parallelize(slices, Math.max(1, slices.size()))
                .flatMapToPair(slice -> keyedImages(parts.get((int) slice[0]), slice, labelBytes, shape, preparer, seed,
                        labels, conf.get()));
    }

    /** The images of one slice, prepared, each keyed by its index across all the files. */
    private static Iterator<Tuple2<Long, SourceItem>> keyedImages(Part part, long[] slice, int labelBytes, ImageShape shape,
                                                                ImagePreparer preparer, long seed, Labels labels,
                                                                Configuration conf)
            throws IOException {
        Iterator<byte[]> records = read(part, labelBytes + shape.dims(), slice[1], slice[2], conf);
        IdxLabelFile.Labels idxLabels = labels.file() == null ? null : labels.file().openAt(slice[1], conf);
        String name = DataFiles.displayName(part.file()) + "#";
        long firstGlobal = slice[3];
        return new Iterator<>() {
            long index = slice[1];

            @Override
            public boolean hasNext() {
                if (records.hasNext()) {
                    return true;
                }
                if (idxLabels != null) {
                    close(idxLabels);
                }
                return false;
            }

            @Override
            public Tuple2<Long, SourceItem> next() {
                byte[] record = records.next();
                byte[] pixels = labelBytes == 0 ? record : Arrays.copyOfRange(record, labelBytes, record.length);
                long global = firstGlobal + index - slice[1];
                PreparedImage image = preparer.fromPixels(name + index++, pixels, shape);
                if (labels.fromRecords()) {
                    image.withLabel(Integer.toString(record[labelBytes - 1] & 0xff));
                } else if (idxLabels != null) {
                    image.withLabel(idxLabels.next());
                }
                return new Tuple2<>(MixingKeys.of(seed, global), image);
            }
        };
    }

    /** {part, start, end, global index of start}: slices of raw files, whole gzipped files, up to {@code limit}. */
    private List<long[]> slices(long limit) {
        List<long[]> slices = new ArrayList<>();
        long global = 0;
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            long end = limit > 0 ? Math.min(part.records(), limit - global) : part.records();
            long step = part.gzip() ? Math.max(1, end) : SLICE_RECORDS;
            for (long start = 0; start < end; start += step) {
                slices.add(new long[]{p, start, Math.min(end, start + step), global + start});
            }
            global += Math.max(0, end);
            if (limit > 0 && global >= limit) {
                break;
            }
        }
        return slices;
    }

    /** Records {@code [start, end)} of one file, whole (label bytes and pixels), read as they are consumed. */
    private static Iterator<byte[]> read(Part part, int recordBytes, long start, long end, Configuration conf)
            throws IOException {
        InputStream in = openAt(part, start * recordBytes, conf);
        return new Iterator<>() {
            long next = start;

            @Override
            public boolean hasNext() {
                if (next < end) {
                    return true;
                }
                close(in);
                return false;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    byte[] record = in.readNBytes(recordBytes);
                    if (record.length < recordBytes) {
                        throw truncated(part, next);
                    }
                    next++;
                    return record;
                } catch (EOFException e) { // a gzip stream cut inside its compressed data
                    throw truncated(part, next);
                } catch (IOException e) {
                    throw new UncheckedIOException(DataFiles.displayName(part.file()) + ": " + e.getMessage(), e);
                }
            }
        };
    }

    private static InputStream openAt(Part part, long offset, Configuration conf) throws IOException {
        Path path = new Path(part.file());
        if (part.gzip()) {
            InputStream in = DataFiles.open(path, conf);
            in.skipNBytes(part.headerBytes() + offset);
            return in;
        }
        FSDataInputStream in = path.getFileSystem(conf).open(path, 1 << 16);
        in.seek(part.headerBytes() + offset);
        return in;
    }

    private static void close(AutoCloseable in) {
        try {
            in.close();
        } catch (Exception e) {
            // everything needed was read
        }
    }

    /** The file holds only {@code completeRecords} whole records of what its header or size promised. */
    static BadInputException truncated(Part part, long completeRecords) {
        return new BadInputException(DataFiles.displayName(part.file()) + ": truncated: " + part.promise()
                + ", data ends after " + Math.max(0, completeRecords));
    }
}
