package io.pixelcnn.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks made before any work that a job will be able to create its output where it was asked to. A file
 * system that cannot be reached is a {@link StorageException} naming the path.
 */
public final class OutputPaths {

    private OutputPaths() {
    }

    /**
     * "X is a file, not a directory" when the nearest existing path at or above {@code path} is a file:
     * nothing can be created there. Empty when it is a directory (missing folders are made with the output).
     */
    public static Optional<String> fileInTheWay(FileSystem fs, Path path) throws IOException {
        for (Path at = path; at != null; at = at.getParent()) {
            FileStatus status;
            try {
                status = fs.getFileStatus(at);
            } catch (FileNotFoundException missing) {
                continue;
            } catch (IOException e) {
                throw StorageFaults.named(path, e);
            }
            return status.isDirectory() ? Optional.empty()
                    : Optional.of(StoragePaths.shown(at) + (at.equals(path) ? "" : ", above " + StoragePaths.shown(path))
                    + " is a file, not a directory");
        }
        return Optional.empty();
    }

    /**
     * Why a job cannot create the directory {@code dir} as new output, or empty if it can: it exists
     * already (its content would be mixed with the new output or lost), or a file is in the way.
     */
    public static Optional<String> whyNotNewDirectory(Path dir, Configuration conf) throws IOException {
        FileSystem fs = StoragePaths.qualified(dir, conf).getFileSystem(conf);
        Optional<String> file = fileInTheWay(fs, dir);
        if (file.isPresent()) {
            return file;
        }
        try {
            if (fs.exists(dir)) {
                return Optional.of(dir + " already exists: choose a new one");
            }
        } catch (IOException e) {
            throw StorageFaults.named(dir, e);
        }
        return Optional.empty();
    }
}
