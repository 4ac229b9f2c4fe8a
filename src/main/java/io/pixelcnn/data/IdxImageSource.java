package io.pixelcnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Images from an IDX file (MNIST, Fashion-MNIST), raw or gzipped: fixed-size records after a 16-byte header;
 * their labels, when asked for, from the IDX label file beside it ({@link IdxLabelFile}).
 */
final class IdxImageSource {

    private IdxImageSource() {
    }

    /** Reads and checks the header on the driver; a raw file's length is checked against it here too. */
    static ImageSource open(String file, Configuration conf, boolean labelled) {
        Path path = new Path(file);
        long length = DataFiles.status(path, conf).getLen();
        try (InputStream in = DataFiles.open(path, conf)) {
            IdxHeader header = IdxHeader.read(in, file);
            String promise = String.format("header promises %d images of %dx%d", header.count(), header.rows(),
                    header.columns());
            boolean gzip = DataFiles.isGzip(path, conf);
            FixedRecordSource.Part part = new FixedRecordSource.Part(file, IdxHeader.IMAGES_HEADER_BYTES,
                    header.count(), promise, gzip);
            long available = (length - IdxHeader.IMAGES_HEADER_BYTES) / header.shape().dims();
            if (!gzip && available < header.count()) {
                throw FixedRecordSource.truncated(part, available);
            }
            FixedRecordSource.Labels labels = labelled
                    ? FixedRecordSource.Labels.idx(IdxLabelFile.beside(file, header.count(), conf))
                    : FixedRecordSource.Labels.NONE;
            return new FixedRecordSource(file, List.of(part), 0, header.shape(), conf, labels);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
