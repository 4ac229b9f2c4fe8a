package io.pixelcnn.io;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import java.util.regex.Pattern;
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

    /**
     * A path a user gave, as a run saves it: qualified ({@code data/train.gz} from {@code /home/me} is
     * {@code file:/home/me/data/train.gz}, {@code hdfs:///data} is {@code hdfs://nn:8020/data}), so that it
     * names the same place read from any folder, by any command, on any machine that reaches its file system.
     * A glob stays a glob.
     */
    public static String resolved(String given, Configuration conf) throws IOException {
        return qualified(new Path(given), conf).toString();
    }

    /**
     * True if {@code a} and {@code b} name the same place, however each is spelt: relative or absolute, with
     * or without host and port, and for local paths through symbolic links (the JVM's working directory is a
     * real path, while a shell's {@code $PWD}, from which a user spells an absolute path, may not be).
     */
    public static boolean same(String a, String b, Configuration conf) throws IOException {
        return a.equals(b) || real(qualified(new Path(a), conf)).equals(real(qualified(new Path(b), conf)));
    }

    /** A qualified path, local ones with the symbolic links of the part that exists resolved. */
    private static String real(Path qualified) throws IOException {
        if (!"file".equals(qualified.toUri().getScheme())) {
            return qualified.toString();
        }
        java.nio.file.Path local = java.nio.file.Path.of(qualified.toUri().getPath());
        java.nio.file.Path existing = local;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? local.toString() : existing.toRealPath().resolve(existing.relativize(local)).toString();
    }

    /** Hadoop's scheme of a local path, where a message names one: {@code file:/x}, {@code file:///x}. */
    private static final Pattern LOCAL_SCHEME = Pattern.compile("(?<![\\w.+-])file:/+");

    /**
     * {@code message} with its local paths as a user writes them, as {@link #shown(Path)} shows one: a run
     * saves its datasets qualified ({@code file:/home/me/data/train.gz}), and what is wrong with one is said
     * of {@code /home/me/data/train.gz}.
     */
    public static String shownIn(String message) {
        return LOCAL_SCHEME.matcher(message).replaceAll("/");
    }

    /**
     * A local path as a user writes it (without Hadoop's {@code file:} scheme); any other with its scheme
     * and, once qualified, its host and port ({@code hdfs://nn:8020/runs/x}), which say where it is.
     */
    public static String shown(Path path) {
        return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
    }
}
