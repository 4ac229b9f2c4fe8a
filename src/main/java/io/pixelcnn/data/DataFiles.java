package io.pixelcnn.data;

import io.pixelcnn.io.StorageFaults;
import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Opening dataset files on any Hadoop file system, with the errors a user can act on. */
public final class DataFiles {

    private static final int GZIP_MAGIC = 0x1f8b;

    private DataFiles() {
    }

    /** The file's status, or a {@link BadInputException} saying it does not exist. */
    public static FileStatus status(Path path, Configuration conf) {
        try {
            return path.getFileSystem(conf).getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new BadInputException(path + ": no such file or directory");
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(path.toString(), "read", e);
        }
    }

    /**
     * "PATH: cannot VERB (why)", or for a file system that is full or cannot be reached (an unknown host is an
     * IllegalArgumentException from the HDFS client) what {@link StorageFaults} says of it.
     */
    public static BadInputException unreadable(String path, String verb, Exception e) {
        return StorageFaults.of(path, e)
                .map(storage -> new BadInputException(storage.getMessage(), e))
                .orElseGet(() -> new BadInputException(path + ": cannot " + verb + " (" + e.getMessage() + ")", e));
    }

    /** Opens a file, transparently decompressing gzip (recognised by its magic bytes, not its name). */
    public static InputStream open(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        BufferedInputStream in = new BufferedInputStream(fs.open(path), 1 << 16);
        in.mark(2);
        int magic = (in.read() << 8) | in.read();
        in.reset();
        return magic == GZIP_MAGIC ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** True if the file starts with the gzip magic bytes. */
    public static boolean isGzip(Path path, Configuration conf) throws IOException {
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            return ((in.read() << 8) | in.read()) == GZIP_MAGIC;
        }
    }

    /** A path as a user wrote it: local files without Hadoop's {@code file:} scheme. */
    public static String displayName(String path) {
        return path.startsWith("file:") ? new Path(path).toUri().getPath() : path;
    }

    /** Hidden files by Hadoop's convention ({@code _SUCCESS}, {@code .crc}, editor droppings) are not data. */
    public static boolean isHidden(Path path) {
        return isHidden(path.getName());
    }

    /** Like {@link #isHidden(Path)}, for a path or a name as text. */
    public static boolean isHidden(String pathOrName) {
        String name = pathOrName.substring(pathOrName.lastIndexOf('/') + 1);
        return name.startsWith(".") || name.startsWith("_");
    }
}
