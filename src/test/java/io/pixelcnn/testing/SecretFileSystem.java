package io.pixelcnn.testing;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A Hadoop file system for the scheme {@code secretfs:}, over local files, that opens only with a
 * setting only {@code spark.hadoop.*} can give it: as an S3 bucket needs its credentials. It records
 * the thread of every opening, so a test can tell the driver's file systems from the executors'.
 */
public class SecretFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "secretfs";
    public static final String SECRET_KEY = "fs.secretfs.secret";
    public static final String SECRET = "open sesame";
    /** What an executor in a JVM of its own writes to its log when it opened a secretfs file system. */
    public static final String OPENED_IN_EXECUTOR = "secretfs opened with the secret in an executor's JVM";
    /** Threads that opened a secretfs file system, in order. */
    public static final List<String> OPENED_BY = new CopyOnWriteArrayList<>();

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        if (!SECRET.equals(conf.get(SECRET_KEY))) {
            throw new IOException("secretfs: this Configuration has no " + SECRET_KEY);
        }
        super.initialize(uri, conf);
        OPENED_BY.add(Thread.currentThread().getName());
        if (System.getProperty("sun.java.command", "").contains("CoarseGrainedExecutorBackend")) {
            System.err.println(OPENED_IN_EXECUTOR); // into the executor's log, where a cluster test reads it
        }
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
