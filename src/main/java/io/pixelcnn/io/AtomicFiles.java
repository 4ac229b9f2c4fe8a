package io.pixelcnn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

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
            FileContext.getFileContext(fs.getUri(), conf).rename(temporary, target, Options.Rename.OVERWRITE);
        } catch (IOException | RuntimeException e) {
            fs.delete(temporary, false);
            throw e;
        }
    }
}
