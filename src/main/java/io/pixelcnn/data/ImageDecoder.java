package io.pixelcnn.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file's bytes (PNG, JPEG, GIF, BMP, TIFF: whatever ImageIO reads) into a
 * {@link BufferedImage}, refusing what would hurt the job: empty files, files that are not images,
 * truncated images (which ImageIO's JPEG reader would otherwise fill with grey and only warn about) and
 * decompression bombs, whose header declares more pixels than any photo has.
 */
final class ImageDecoder {

    /** Pillow's limit, the convention of the Python tools a data team also uses: about 0.25 GB of 24-bit pixels. */
    static final long MAX_PIXELS = 89_478_485L;

    static {
        ImageIO.setUseCache(false); // decode in memory; executors may have no writable temp directory
    }

    private ImageDecoder() {
    }

    static BufferedImage decode(byte[] bytes) throws MalformedImageException {
        if (bytes.length == 0) {
            throw new MalformedImageException("empty: 0 bytes");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MalformedImageException("not an image file (PNG, JPEG, GIF, BMP or TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return read(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedImageException(isTruncation(e) || endsEarly(bytes) ? "truncated image"
                    : "unreadable image (" + e.getMessage() + ")");
        }
    }

    /**
     * True for a JPEG or PNG file without its closing marker (JPEG's EOI, PNG's IEND chunk): a download or
     * copy cut short, whatever error the reader met first ("missing SOS marker", say).
     */
    static boolean endsEarly(byte[] bytes) {
        int n = bytes.length;
        if (n >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            return n < 4 || (bytes[n - 2] & 0xff) != 0xff || (bytes[n - 1] & 0xff) != 0xd9;
        }
        if (n >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return n < 20 || bytes[n - 8] != 'I' || bytes[n - 7] != 'E' || bytes[n - 6] != 'N' || bytes[n - 5] != 'D';
        }
        return false;
    }

    private static BufferedImage read(ImageReader reader) throws IOException, MalformedImageException {
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > MAX_PIXELS) {
            throw new MalformedImageException(String.format(Locale.ROOT,
                    "%dx%d image: more than %,d pixels (a decompression bomb?)", height, width, MAX_PIXELS));
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0);
        for (String warning : warnings) {
            if (isTruncation(warning)) {
                throw new MalformedImageException("truncated image");
            }
        }
        return image;
    }

    private static boolean isTruncation(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof EOFException || isTruncation(String.valueOf(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /** How ImageIO's readers say the data stopped early: "Premature end of JPEG file", "Unexpected end of ZLIB input stream". */
    private static boolean isTruncation(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("truncated") || text.contains("premature end") || text.contains("unexpected end");
    }
}
