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
     * Why a command cannot write its output {@code target} (a file, or with {@code directory} a folder), or empty
     * if it can: a file in the way above it; {@code target} existing already, unless {@code replace}; and
     * even then a folder where a file is to go or a file where a folder is to go. {@code option} names it.
     */
    public static Optional<String> whyNotWritable(String option, Path target, Configuration conf, boolean replace,
            boolean directory) throws IOException {
        FileSystem fs = StoragePaths.qualified(target, conf).getFileSystem(conf);
        FileStatus status;
        try {
            status = fs.getFileStatus(target);
        } catch (FileNotFoundException missing) {
            status = null;
        } catch (IOException e) {
            throw StorageFaults.named(target, e);
        }
        // an existing output of either kind is first of all "already exists": the answer is the same for both
        if (status != null && !replace) {
            return Optional.of(option + " " + target + " already exists: choose a new one, or add --overwrite to replace it");
        }
        // a folder output: a file at its place or above; a file output: a file where a folder above it should be
        Path parent = target.getParent();
        Optional<String> file = directory ? fileInTheWay(fs, target)
                : parent == null ? Optional.empty() : fileInTheWay(fs, parent);
        if (file.isPresent()) {
            return file.map(why -> option + " " + why);
        }
        if (status == null) {
            return Optional.empty();
        }
        if (status.isDirectory() != directory) {
            return Optional.of(option + " " + target + " is a " + (status.isDirectory() ? "folder" : "file")
                    + ", not the " + (directory ? "folder" : "file") + " it writes: --overwrite replaces only its own kind");
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
