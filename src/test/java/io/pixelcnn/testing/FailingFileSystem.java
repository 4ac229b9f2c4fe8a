package io.pixelcnn.testing;

import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Local files under the scheme {@code failfs:}, where creating a file whose name starts with a chosen
 * prefix fails with an IOException: a disk or a store failing in the middle of a job. Counts the files it
 * did create, so a test can tell that the job had written some before the fault.
 */
public class FailingFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "failfs";
    private static final AtomicInteger CREATED = new AtomicInteger();
    private static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    private static final AtomicInteger FAULTS = new AtomicInteger();
    private static volatile String failingPrefix = "\u0000";

    /** Creating a file named {@code prefix...} fails from now on; the count of created files starts again. */
    public static void failCreating(String prefix) {
        failCreating(prefix, Integer.MAX_VALUE);
    }

    /** Creating a file named {@code prefix...} fails the next {@code times} times, then works again. */
    public static void failCreating(String prefix, int times) {
        failingPrefix = prefix;
        FAILURES_LEFT.set(times);
        CREATED.set(0);
        FAULTS.set(0);
    }

    /** Creations that failed since {@link #failCreating}. */
    public static int faults() {
        return FAULTS.get();
    }

    /** Files created since {@link #failCreating}. */
    public static int created() {
        return CREATED.get();
    }

    /** The Spark settings that make {@code failfs:} paths reach this class, on the driver and the executors. */
    public static String implementationKey() {
        return "spark.hadoop.fs." + SCHEME + ".impl";
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        check(f);
        return counted(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        check(f);
        return counted(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    @SuppressWarnings("deprecation")
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, EnumSet<CreateFlag> flags,
                                                 int bufferSize, short replication, long blockSize,
                                                 Progressable progress) throws IOException {
        check(f);
        return counted(super.createNonRecursive(f, permission, flags, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                                 short replication, long blockSize, Progressable progress)
            throws IOException {
        check(f);
        return counted(super.createNonRecursive(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    private static void check(Path f) throws IOException {
        if (f.getName().startsWith(failingPrefix) && FAILURES_LEFT.getAndDecrement() > 0) {
            FAULTS.incrementAndGet();
            throw new IOException("failfs: cannot create " + f + " (a fault the test injected)");
        }
    }

    private static FSDataOutputStream counted(FSDataOutputStream out) {
        CREATED.incrementAndGet();
        return out;
    }
}
