package io.pixelcnn.io;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Paths as their file system knows them, and as messages show them. {@code hdfs:///runs/x},
 * {@code hdfs://nameservice/runs/x} and a relative local path all name a place only together with the
 * configuration (the default file system's host and port, the working directory); qualified, a path
 * carries that place with it, so two spellings of one directory compare equal and FileContext accepts it.
 */
public final class StoragePaths {

    private StoragePaths() {
    }

    /**
     * {@code path} with the scheme, authority and working directory of its file system. Opening that file
     * system is where an unknown host is found (the HDFS client resolves the NameNode's name at once):
     * a {@link StorageException} naming the path.
     */
    public static Path qualified(Path path, Configuration conf) throws IOException {
        try {
            return path.getFileSystem(conf).makeQualified(path);
        } catch (IOException | IllegalArgumentException e) {
            var storage = StorageFaults.of(path, e);
            if (storage.isPresent()) {
                throw storage.get();
            }
            throw e;
        }
    }

    /** True if {@code a} and {@code b} name the same place, however each is spelt. */
    public static boolean same(String a, String b, Configuration conf) throws IOException {
        return a.equals(b) || qualified(new Path(a), conf).equals(qualified(new Path(b), conf));
    }

    /**
     * A local path as a user writes it (without Hadoop's {@code file:} scheme); any other with its scheme
     * and, once qualified, its host and port ({@code hdfs://nn:8020/runs/x}), which say where it is.
     */
    public static String shown(Path path) {
        return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
    }
}
