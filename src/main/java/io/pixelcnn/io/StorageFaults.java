package io.pixelcnn.io;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;

/**
 * Recognises a full or unreachable file system in whatever was thrown, however deeply wrapped: Hadoop's
 * local file system throws an {@link FSError} (an Error, not an IOException) for a full disk, HDFS a quota
 * exception (possibly still inside a {@link RemoteException} from the NameNode), the HDFS client an
 * IllegalArgumentException around an {@link UnknownHostException}, Spark a SparkException around the
 * executor's failure. Everything else is left alone: it is not a storage fault, or not one a user can act on.
 */
public final class StorageFaults {

    /** HDFS's quota exceptions, by name: RemoteException carries only the name of what the NameNode threw. */
    private static final Set<String> SPACE_QUOTA = Set.of(
            "org.apache.hadoop.hdfs.protocol.DSQuotaExceededException",
            "org.apache.hadoop.hdfs.protocol.QuotaByStorageTypeExceededException");
    private static final Set<String> QUOTA = Set.of(
            "org.apache.hadoop.hdfs.protocol.QuotaExceededException",
            "org.apache.hadoop.hdfs.protocol.NSQuotaExceededException");
    private static final String NO_SPACE = "No space left on device";

    private StorageFaults() {
    }

    /**
     * A {@link StorageException} naming {@code path} if {@code error} (or anything that caused it) is a full
     * or unreachable file system; empty otherwise.
     */
    public static Optional<StorageException> of(Path path, Throwable error) {
        return of(StoragePaths.shown(path), error);
    }

    /** Like {@link #of(Path, Throwable)}, with the path as a user wrote it (an option's value, say). */
    public static Optional<StorageException> of(String path, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StorageException known) {
                return Optional.of(known);
            }
            Optional<StorageException> fault = fault(path, t, error);
            if (fault.isPresent()) {
                return fault;
            }
        }
        return Optional.empty();
    }

    /** {@code error} as a {@link StorageException} naming {@code path} if it is one of those faults, else as it is. */
    public static IOException named(Path path, IOException error) {
        return of(path, error).<IOException>map(storage -> storage).orElse(error);
    }

    private static Optional<StorageException> fault(String path, Throwable t, Throwable error) {
        String name = t instanceof RemoteException remote ? remote.getClassName() : t.getClass().getName();
        if (SPACE_QUOTA.contains(name)) {
            return full(path, "no space left (HDFS space quota: " + firstLine(t) + ")", error);
        }
        if (QUOTA.contains(name)) {
            return full(path, "no room left (HDFS quota: " + firstLine(t) + ")", error);
        }
        if ((t instanceof FSError || t instanceof IOException) && String.valueOf(t.getMessage()).contains(NO_SPACE)) {
            return full(path, "no space left on device", error);
        }
        if (t instanceof UnknownHostException) {
            return unreachable(path, "unknown host " + t.getMessage(), error);
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return unreachable(path, "cannot connect to its file system (" + lastPart(t) + ")", error);
        }
        if (t instanceof SocketTimeoutException) {
            return unreachable(path, "its file system does not answer (" + lastPart(t) + ")", error);
        }
        return Optional.empty();
    }

    private static Optional<StorageException> full(String path, String problem, Throwable cause) {
        return Optional.of(new StorageException(path + ": " + problem, StorageException.Kind.FULL, cause));
    }

    private static Optional<StorageException> unreachable(String path, String problem, Throwable cause) {
        return Optional.of(new StorageException(path + ": " + problem, StorageException.Kind.UNREACHABLE, cause));
    }

    private static String firstLine(Throwable t) {
        String message = t instanceof RemoteException remote ? remote.getMessage() : t.getMessage();
        return String.valueOf(message).strip().split("\n", 2)[0];
    }

    /**
     * "Connection refused" of Hadoop's "Call From a to b failed on connection exception:
     * java.net.ConnectException: Connection refused; For more details see: ...".
     */
    private static String lastPart(Throwable t) {
        Throwable innermost = t;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = firstLine(innermost);
        int colon = message.lastIndexOf(": ");
        message = colon >= 0 ? message.substring(colon + 2) : message;
        int semicolon = message.indexOf(';');
        return (semicolon >= 0 ? message.substring(0, semicolon) : message).toLowerCase(java.util.Locale.ROOT);
    }
}
