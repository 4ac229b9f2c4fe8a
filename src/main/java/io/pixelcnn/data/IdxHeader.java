package io.pixelcnn.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The header of an IDX file (the MNIST format): a magic number saying the element type and the number of
 * dimensions, then one big-endian 32-bit size per dimension. Images are unsigned bytes in 3 dimensions.
 */
public record IdxHeader(int magic, int count, int rows, int columns) implements java.io.Serializable {

    /** 0x08: unsigned bytes; 0x03: three dimensions (images x rows x columns). */
    public static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    public static final int IMAGES_HEADER_BYTES = 16;

    /** Reads and validates an image-file header; {@code file} names the source in error messages. */
    public static IdxHeader read(InputStream in, String file) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            int magic = data.readInt();
            if (magic == LABELS_MAGIC) {
                throw new BadInputException(String.format(
                        "%s: IDX magic 0x%08x is a label file, expected images (0x%08x)", file, magic, IMAGES_MAGIC));
            }
            if (magic != IMAGES_MAGIC) {
                throw new BadInputException(String.format(
                        "%s: not an IDX image file (magic 0x%08x, expected 0x%08x)", file, magic, IMAGES_MAGIC));
            }
            int count = data.readInt();
            int rows = data.readInt();
            int columns = data.readInt();
            if (count < 0 || rows <= 0 || columns <= 0) {
                throw new BadInputException(String.format(
                        "%s: IDX header gives impossible sizes %d x %d x %d", file, count, rows, columns));
            }
            return new IdxHeader(magic, count, rows, columns);
        } catch (EOFException e) {
            throw new BadInputException(file + ": truncated IDX header (needs " + IMAGES_HEADER_BYTES + " bytes)");
        }
    }

    public ImageShape shape() {
        return new ImageShape(1, rows, columns);
    }
}
