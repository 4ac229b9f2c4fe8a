package io.pixelcnn.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The visible entries of one folder, as a stream. Hidden entries by Hadoop's convention ({@code _SUCCESS},
 * {@code .crc}, {@code .DS_Store}) are skipped. Hadoop's local file system would first build an array of
 * every entry, which for a folder of millions of files does not fit a small JVM, so local folders are
 * read through NIO's directory stream; other file systems page through {@code listStatusIterator}.
 */
final class FolderEntries implements Iterator<FolderEntries.Entry>, Closeable {

    /** One entry: a file with its length, or a folder. A plain class: Spark caches and sorts these with Kryo. */
    static final class Entry implements Serializable {
        private static final long serialVersionUID = 1L;
        private String path;
        private long length;
        private boolean folder;

        /** For Kryo. */
        private Entry() {
        }

        Entry(String path, long length, boolean folder) {
            this.path = path;
            this.length = length;
            this.folder = folder;
        }

        String path() {
            return path;
        }

        long length() {
            return length;
        }

        boolean folder() {
            return folder;
        }
    }

    /** The next entry of the underlying listing, visible or not; null at the end. */
    private interface Source extends Closeable {
        Entry next() throws IOException;
    }

    private final Path folder;
    private final Source source;
    private Entry next;

    private FolderEntries(Path folder, Source source) {
        this.folder = folder;
        this.source = source;
    }

    /** Lists {@code folder}; inside a Spark task the listing is closed with the task at the latest. */
    static FolderEntries open(Path folder, Configuration conf) throws IOException {
        FileSystem fs = folder.getFileSystem(conf);
        java.io.File local = fs instanceof LocalFileSystem l ? l.pathToFile(folder)
                : fs instanceof RawLocalFileSystem r ? r.pathToFile(folder) : null;
        FolderEntries entries = new FolderEntries(folder, local != null ? nio(local.toPath(), folder) : hadoop(fs, folder));
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> entries.close());
        }
        return entries;
    }

    private static Source nio(java.nio.file.Path dir, Path folder) throws IOException {
        DirectoryStream<java.nio.file.Path> stream = Files.newDirectoryStream(dir);
        Iterator<java.nio.file.Path> it = stream.iterator();
        // joined as text, not with new Path(folder, name): faster, and names with a colon stay legal
        String prefix = folder.toString().endsWith("/") ? folder.toString() : folder + "/";
        return new Source() {
            @Override
            public Entry next() throws IOException {
                if (!it.hasNext()) {
                    return null;
                }
                java.nio.file.Path path = it.next();
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return new Entry(prefix + path.getFileName(), attributes.size(), attributes.isDirectory());
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    private static Source hadoop(FileSystem fs, Path folder) throws IOException {
        RemoteIterator<FileStatus> it = fs.listStatusIterator(folder);
        return new Source() {
            @Override
            public Entry next() throws IOException {
                if (!it.hasNext()) {
                    return null;
                }
                FileStatus status = it.next();
                return new Entry(status.getPath().toString(), status.getLen(), status.isDirectory());
            }

            @Override
            public void close() {
                // a remote listing holds nothing open between pages
            }
        };
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null) {
                Entry entry = source.next();
                if (entry == null) {
                    close();
                    return false;
                }
                if (!DataFiles.isHidden(entry.path)) {
                    next = entry;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(DataFiles.displayName(folder.toString()) + ": cannot list ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Entry current = next;
        next = null;
        return current;
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            // the listing is over either way
        }
    }
}
