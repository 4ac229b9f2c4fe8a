package io.pixelcnn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * Writes a file so that readers see either the old content or the whole new content, never a part:
 * write a hidden temporary file beside the target, then rename it over the target. Rename is atomic on
 * local file systems and HDFS; on object stores (s3a) it is a copy, so a crash can leave the temporary
 * file, but still never a half-written target.
 *
 * <p>Every path is qualified by its file system first ({@code hdfs:///runs/x} becomes
 * {@code hdfs://namenode:8020/runs/x}): FileContext's rename refuses a path without the authority its
 * file system was opened with.
 */
public final class AtomicFiles {

    /** Something that writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Something that writes a directory's content into the new, empty directory it is given. */
    @FunctionalInterface
    public interface DirectoryContent {
        void writeInto(Path dir) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes the directory {@code target}, which must not exist, in full or not at all: {@code content} writes
     * into a hidden folder beside it ({@code .NAME.pixelcnn-UUID}), which is renamed to {@code target} once
     * {@code content} has returned (see {@link #moveDirectory}) and deleted when anything failed, a cancelled
     * Spark job included, so {@code target} never holds part of an output.
     */
    public static void writeDirectory(Path target, Configuration conf, DirectoryContent content) throws IOException {
        writeDirectory(target, conf, false, content);
    }

    /**
     * As {@link #writeDirectory(Path, Configuration, DirectoryContent)}; with {@code replace} an existing
     * {@code target} is deleted once the new content is complete, just before the rename, so a failed write
     * leaves the old output. On a local file system the checksum files Hadoop wrote beside each file
     * ({@code .part-00000.crc}) are removed first: the folder is for people and their tools.
     */
    public static void writeDirectory(Path target, Configuration conf, boolean replace, DirectoryContent content)
            throws IOException {
        FileSystem fs = fileSystem(target, conf);
        Path qualified = fs.makeQualified(target);
        Path parent = qualified.getParent();
        fs.mkdirs(parent);
        Path temporary = new Path(parent, "." + qualified.getName() + ".pixelcnn-" + UUID.randomUUID());
        boolean done = false;
        try {
            content.writeInto(temporary);
            deleteChecksumFiles(fs, temporary);
            if (replace && fs.exists(qualified)) {
                fs.delete(qualified, true);
            }
            moveDirectory(temporary, qualified, conf);
            done = true;
        } finally {
            if (!done) {
                fs.delete(temporary, true);
                deleteIfRecreated(fs, temporary);
            }
        }
    }

    /** How often, and how far apart, a failed directory write looks again for its temporary folder. */
    private static final int RECREATION_CHECKS = 4;
    private static final long RECREATION_CHECK_MILLIS = 250;

    /**
     * A task of a cancelled write can still be starting when the driver deletes the temporary folder, and
     * Hadoop's create makes the folders a file needs: seen once in InterruptTest, empty {@code _temporary}
     * folders came back after the delete. So look again for a moment and delete what came back; best effort,
     * on the failure path only.
     */
    private static void deleteIfRecreated(FileSystem fs, Path temporary) {
        for (int check = 0; check < RECREATION_CHECKS; check++) {
            try {
                Thread.sleep(RECREATION_CHECK_MILLIS);
                if (fs.exists(temporary)) {
                    fs.delete(temporary, true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                return; // the first delete's own failure has been reported, or the file system is gone
            }
        }
    }

    /**
     * Writes {@code target} in full or not at all. A failed write, whatever failed (a full local disk is an
     * {@code FSError}, not an IOException), leaves the old content and no temporary file; a full or
     * unreachable file system ends in a {@link StorageException} naming {@code target}.
     */
    public static void write(Path target, Configuration conf, Content content) throws IOException {
        FileSystem fs = withoutChecksumFiles(fileSystem(target, conf));
        Path qualified = fs.makeQualified(target);
        Path parent = qualified.getParent();
        Path temporary = new Path(parent, "." + qualified.getName() + ".tmp-" + UUID.randomUUID());
        try {
            if (parent != null) {
                fs.mkdirs(parent);
            }
            try (OutputStream out = fs.create(temporary, false)) {
                content.writeTo(out);
            }
            replace(fs, temporary, qualified, conf);
        } catch (Throwable e) {
            discard(fs, temporary, e);
            throw rethrown(qualified, e);
        }
    }

    /**
     * Renames a finished directory to {@code target}, which must not exist: in one step where the file
     * system's rename is atomic (local, HDFS), refusing a target that appeared meanwhile instead of moving
     * the directory into it. On object stores a directory rename is a copy: readers may see it grow.
     */
    public static void moveDirectory(Path finished, Path target, Configuration conf) throws IOException {
        FileSystem fs = fileSystem(target, conf);
        Path from = fs.makeQualified(finished);
        Path to = fs.makeQualified(target);
        try {
            FileContext context;
            try {
                context = FileContext.getFileContext(fs.getUri(), conf);
            } catch (UnsupportedFileSystemException e) {
                if (fs.exists(to) || !fs.rename(from, to)) {
                    throw new IOException("cannot rename " + from + " to " + to + (fs.exists(to) ? ": it exists" : ""));
                }
                return;
            }
            context.rename(from, to, Options.Rename.NONE);
        } catch (IOException | RuntimeException e) {
            throw rethrown(to, e);
        }
    }

    /** The file system of {@code path}; an unknown host fails here already (the HDFS client resolves it). */
    private static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        try {
            return path.getFileSystem(conf);
        } catch (IOException | IllegalArgumentException e) {
            throw rethrown(path, e);
        }
    }

    /**
     * The file system under Hadoop's checksummed local one, which would leave a hidden {@code .NAME.crc} beside
     * every file written: beside a user's own PNG and in every run folder. A local disk needs no such check.
     */
    private static FileSystem withoutChecksumFiles(FileSystem fs) {
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /** Removes the checksum files a checksummed (local) file system wrote into {@code dir}, at any depth. */
    private static void deleteChecksumFiles(FileSystem fs, Path dir) throws IOException {
        if (!(fs instanceof ChecksumFileSystem checksummed) || !fs.exists(dir)) {
            return;
        }
        // listed through the raw file system: the checksummed one hides its checksum files from listings
        FileSystem raw = checksummed.getRawFileSystem();
        RemoteIterator<LocatedFileStatus> files = raw.listFiles(dir, true);
        List<Path> checksums = new ArrayList<>();
        while (files.hasNext()) {
            Path file = files.next().getPath();
            if (ChecksumFileSystem.isChecksumFile(file)) {
                checksums.add(file);
            }
        }
        for (Path checksum : checksums) {
            raw.delete(checksum, false);
        }
    }

    /**
     * Renames over the target: in one step through the raw local file system (a POSIX rename, which also
     * replaces), removing a checksum file an older version left beside the target, which would no longer
     * match it; through FileContext where the file system has one (HDFS, s3a, ...); otherwise
     * HDFS, s3a, ...); otherwise (a file system with no AbstractFileSystem binding) by removing the old
     * target first, which can leave a moment with no file, but never a partial one.
     */
    private static void replace(FileSystem fs, Path temporary, Path target, Configuration conf) throws IOException {
        if (fs instanceof RawLocalFileSystem) {
            if (!fs.rename(temporary, target)) {
                throw new IOException("cannot rename " + temporary + " to " + target);
            }
            fs.delete(new Path(target.getParent(), "." + target.getName() + ".crc"), false);
            return;
        }
        FileContext context;
        try {
            context = FileContext.getFileContext(fs.getUri(), conf);
        } catch (UnsupportedFileSystemException e) {
            if (!fs.rename(temporary, target)) {
                fs.delete(target, false);
                if (!fs.rename(temporary, target)) {
                    throw new IOException("cannot rename " + temporary + " to " + target);
                }
            }
            return;
        }
        context.rename(temporary, target, Options.Rename.OVERWRITE);
    }

    /** Removes what a failed write left; a file system that fails again says so beside the first failure. */
    private static void discard(FileSystem fs, Path temporary, Throwable failure) {
        try {
            fs.delete(temporary, false);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * What to throw for a failed write: a {@link StorageException} naming the target when the file system is
     * full or unreachable, else the failure itself.
     */
    private static IOException rethrown(Path target, Throwable failure) {
        var storage = StorageFaults.of(target, failure);
        if (storage.isPresent()) {
            return storage.get();
        }
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }
}
