package io.pixelcnn.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The IDX label file beside an IDX image file, named like it ({@code train-images-idx3-ubyte.gz} has
 * {@code train-labels-idx1-ubyte.gz}; either may be gzipped): magic 0x00000801, a count, then one byte
 * per image, the image's class index. The driver checks the header and that the counts agree; the
 * executors read the bytes beside the images.
 */
final class IdxLabelFile implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int LABELS_MAGIC = 0x00000801;
    static final int HEADER_BYTES = 8;
    /** {@code PREFIXimages-idx3-ubyteSUFFIX} or {@code PREFIXimages.idx3-ubyteSUFFIX}. */
    private static final Pattern IMAGES_NAME = Pattern.compile("(.*)images([-.])idx3-ubyte(.*)");

    private final String file;
    private final boolean gzip;
    private final List<String> knownNames;

    private IdxLabelFile(String file, boolean gzip, List<String> knownNames) {
        this.file = file;
        this.gzip = gzip;
        this.knownNames = List.copyOf(knownNames);
    }

    /** The class names of a label file {@link KnownLabelFiles} recognises (Fashion-MNIST's); else empty. */
    List<String> knownNames() {
        return knownNames;
    }

    /**
     * The label file of {@code imagesFile}, whose header promises {@code images}: found by name, its header
     * read and its count compared, each problem one line naming the files.
     */
    static IdxLabelFile beside(String imagesFile, long images, Configuration conf) {
        Path path = find(imagesFile, conf);
        String shown = DataFiles.displayName(path.toString());
        try (InputStream in = DataFiles.open(path, conf)) {
            DataInputStream data = new DataInputStream(in);
            int magic = data.readInt();
            if (magic != LABELS_MAGIC) {
                throw new BadInputException(String.format("%s: not an IDX label file (magic 0x%08x, expected 0x%08x)",
                        shown, magic, LABELS_MAGIC));
            }
            int count = data.readInt();
            if (count != images) {
                throw new BadInputException(String.format("%s holds %d labels but %s holds %d images: the counts must "
                        + "agree", shown, count, DataFiles.displayName(imagesFile), images));
            }
            return new IdxLabelFile(path.toString(), DataFiles.isGzip(path, conf), knownNames(path, count, conf));
        } catch (EOFException e) {
            throw new BadInputException(shown + ": truncated IDX header (needs " + HEADER_BYTES + " bytes)");
        } catch (IOException e) {
            throw DataFiles.unreadable(shown, "read", e);
        }
    }

    /** Small label files are hashed whole on the driver (a few kilobytes), to recognise known datasets. */
    private static List<String> knownNames(Path path, int count, Configuration conf) throws IOException {
        if (HEADER_BYTES + (long) count > KnownLabelFiles.LARGEST) {
            return List.of();
        }
        try (InputStream in = DataFiles.open(path, conf)) {
            return KnownLabelFiles.namesOf(in.readNBytes((int) KnownLabelFiles.LARGEST + 1));
        }
    }

    /**
     * {@code NAME-labels-idx1-ubyte} beside {@code NAME-images-idx3-ubyte} (or the dotted
     * {@code NAME-labels.idx1-ubyte} of some copies), with the images file's ending ({@code .gz}) or either.
     */
    private static Path find(String imagesFile, Configuration conf) {
        Path images = new Path(imagesFile);
        Matcher name = IMAGES_NAME.matcher(images.getName());
        if (!name.matches()) {
            throw new BadInputException(DataFiles.displayName(imagesFile) + ": cannot tell its label file: an IDX image "
                    + "file's labels are read from NAME-labels-idx1-ubyte beside NAME-images-idx3-ubyte");
        }
        String base = name.group(1) + "labels" + name.group(2) + "idx1-ubyte";
        try {
            FileSystem fs = images.getFileSystem(conf);
            for (String candidate : new String[]{base + name.group(3), base, base + ".gz"}) {
                Path path = new Path(images.getParent(), candidate);
                if (fs.exists(path)) {
                    return path;
                }
            }
        } catch (IOException e) {
            throw DataFiles.unreadable(DataFiles.displayName(imagesFile), "read", e);
        }
        throw new BadInputException(DataFiles.displayName(imagesFile) + ": no label file " + base + "(.gz) beside it");
    }

    /** The labels of images {@code start, start+1, ...}, read one byte at a time as the images are. */
    Labels openAt(long start, Configuration conf) throws IOException {
        Path path = new Path(file);
        InputStream in;
        if (gzip) {
            in = DataFiles.open(path, conf);
            in.skipNBytes(HEADER_BYTES + start);
        } else {
            FSDataInputStream raw = path.getFileSystem(conf).open(path, 1 << 16);
            raw.seek(HEADER_BYTES + start);
            in = raw;
        }
        return new Labels(in, start);
    }

    /** A label stream positioned at one image; its end before the promised count is a one-line error. */
    final class Labels implements AutoCloseable {
        private final InputStream in;
        private long next;

        private Labels(InputStream in, long next) {
            this.in = in;
            this.next = next;
        }

        /** The next image's label, as text (its class index). */
        String next() {
            int label;
            try {
                label = in.read();
            } catch (EOFException e) { // a gzip stream cut inside its compressed data
                label = -1;
            } catch (IOException e) {
                throw new UncheckedIOException(DataFiles.displayName(file) + ": " + e.getMessage(), e);
            }
            if (label < 0) {
                throw new BadInputException(DataFiles.displayName(file) + ": truncated: its header promises a label "
                        + "per image, data ends after " + next);
            }
            next++;
            return Integer.toString(label);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
