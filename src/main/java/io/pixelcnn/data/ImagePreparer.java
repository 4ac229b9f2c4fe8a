package io.pixelcnn.data;

import io.pixelcnn.io.HadoopConf;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The steps every source shares, run on the executors between "bytes of a file or a cell" and a
 * training example: read, decode, fit to the dataset's size, and apply the malformed-image policy
 * (fail at once naming the image, or hand back a malformed record to be counted and listed).
 */
public final class ImagePreparer implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Larger files are not read: no image a model of this kind trains on comes near it. */
    static final long MAX_FILE_BYTES = 256L << 20;

    private final Preparation preparation;
    private final HadoopConf conf;

    public ImagePreparer(Preparation preparation, Configuration conf) {
        this.preparation = preparation;
        this.conf = new HadoopConf(conf);
    }

    public Preparation preparation() {
        return preparation;
    }

    /** An encoded image (a file's or a table cell's bytes). */
    public PreparedImage fromEncoded(String name, byte[] bytes) {
        try {
            BufferedImage image = ImageDecoder.decode(bytes);
            return fitted(name, PixelRows.of(image, preparation.channels()));
        } catch (MalformedImageException e) {
            return malformed(name, e.getMessage());
        }
    }

    /**
     * Pixels as Spark's image source decodes them: {@code height x width} pixels row by row, each
     * {@code nChannels} bytes in OpenCV's order (gray, BGR or BGRA). A file that source could not read is a
     * row of height -1 and no bytes: malformed, by the same policy as any other.
     */
    public PreparedImage fromBgr(String name, int height, int width, int nChannels, byte[] bgr) {
        if (height <= 0 || width <= 0 || bgr.length == 0) {
            return malformed(name, "not an image Spark's image source could read (height " + height + ", "
                    + bgr.length + " bytes)");
        }
        if ((nChannels != 1 && nChannels != 3 && nChannels != 4) || (long) height * width * nChannels != bgr.length) {
            return malformed(name, String.format(Locale.ROOT, "%d channels of %dx%d in %d bytes: not an image of "
                    + "Spark's image source (1, 3 or 4 channels, one byte each)", nChannels, height, width, bgr.length));
        }
        return fitted(name, PixelRows.of(BgrImages.image(height, width, nChannels, bgr), preparation.channels()));
    }

    /** Pixels already decoded (IDX files, binary records), {@code shape} as stored. */
    public PreparedImage fromPixels(String name, byte[] pixels, ImageShape shape) {
        if (preparation.size() == null) {
            return PreparedImage.usable(name, pixels, shape);
        }
        return fitted(name, PixelRows.of(pixels, shape));
    }

    /** An image file, read through Hadoop's file system; {@code length} is the listing's, checked before reading. */
    PreparedImage fromFile(String path, long length) {
        String name = DataFiles.displayName(path);
        if (length == 0) {
            return malformed(name, "empty: 0 bytes");
        }
        if (length > MAX_FILE_BYTES) {
            return malformed(name, String.format(Locale.ROOT, "file of %,d bytes: images over %,d bytes are not read",
                    length, MAX_FILE_BYTES));
        }
        byte[] bytes;
        Path file = new Path(path);
        try (InputStream in = file.getFileSystem(conf.get()).open(file)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return malformed(name, "cannot read (" + e.getMessage() + ")");
        }
        return fromEncoded(name, bytes);
    }

    private PreparedImage fitted(String name, PixelRows rows) {
        ImageSize size = preparation.size();
        if (size == null) {
            return PreparedImage.usable(name, ImageFit.asIs(rows), rows.shape());
        }
        ImageShape target = size.withChannels(rows.channels);
        return PreparedImage.usable(name, ImageFit.fit(rows, target, preparation.resize()), target);
    }

    /** Failing fast: stop here, naming the image. Else: a record of the problem, for skipped.csv. */
    private PreparedImage malformed(String name, String problem) {
        if (preparation.mode() == ReadMode.FAILFAST) {
            throw new BadInputException(name + ": " + problem);
        }
        return PreparedImage.malformed(name, problem);
    }
}
