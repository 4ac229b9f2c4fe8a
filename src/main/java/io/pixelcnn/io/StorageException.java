package io.pixelcnn.io;

import java.io.IOException;

/**
 * A file system that cannot take or give a path's bytes: it is full (a local disk, an HDFS quota) or cannot
 * be reached (an unknown host, a refused connection). The message is one line naming the path and the
 * problem, ready to show as it is; {@link StorageFaults} recognises these in whatever Hadoop, the JDK or
 * Spark threw.
 */
public final class StorageException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, which decides what a user can do about it. */
    public enum Kind {
        /** No space left: free some (or raise the quota) and resume. */
        FULL,
        /** The file system did not answer: a wrong host or port, or a server that is down. */
        UNREACHABLE
    }

    private final Kind kind;

    StorageException(String message, Kind kind, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The first StorageException in a cause chain (Spark and picocli wrap what a command throws), if any. */
    public static StorageException findIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StorageException storage) {
                return storage;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
