package io.pixelcnn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * Writes a file so that readers see either the old content or the whole new content, never a part:
 * write a hidden temporary file beside the target, then rename it over the target. Rename is atomic on
 * local file systems and HDFS; on object stores (s3a) it is a copy, so a crash can leave the temporary
 * file, but still never a half-written target.
 */
public final class AtomicFiles {

    /** Something that writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Configuration conf, Content content) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        Path parent = target.getParent();
        if (parent != null) {
            fs.mkdirs(parent);
        }
        Path temporary = new Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            try (OutputStream out = fs.create(temporary, false)) {
                content.writeTo(out);
            }
            replace(fs, temporary, target, conf);
        } catch (IOException | RuntimeException e) {
            fs.delete(temporary, false);
            throw e;
        }
    }

    /**
     * Renames a finished directory to {@code target}, which must not exist: in one step where the file
     * system's rename is atomic (local, HDFS), refusing a target that appeared meanwhile instead of moving
     * the directory into it. On object stores a directory rename is a copy: readers may see it grow.
     */
    public static void moveDirectory(Path finished, Path target, Configuration conf) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        FileContext context;
        try {
            context = FileContext.getFileContext(fs.getUri(), conf);
        } catch (UnsupportedFileSystemException e) {
            if (fs.exists(target) || !fs.rename(finished, target)) {
                throw new IOException("cannot rename " + finished + " to " + target + (fs.exists(target) ? ": it exists" : ""));
            }
            return;
        }
        context.rename(finished, target, Options.Rename.NONE);
    }

    /**
     * Renames over the target: in one step through FileContext where the file system has one (local,
     * HDFS, s3a, ...); otherwise (a file system with no AbstractFileSystem binding) by removing the old
     * target first, which can leave a moment with no file, but never a partial one.
     */
    private static void replace(FileSystem fs, Path temporary, Path target, Configuration conf) throws IOException {
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
}
