package io.pixelcnn.cluster;

import org.apache.spark.SparkUserAppException;

/**
 * Ends a driver process with a command's exit code in the way its launcher understands. A plain JVM (local,
 * standalone, YARN client mode, Kubernetes) exits with the code. In YARN cluster mode the driver is a thread
 * of Spark's ApplicationMaster, which decides the application's final status from how {@code main} returns:
 * {@code System.exit} there, even with 0, is "Shutdown hook called before final status was reported", a
 * FAILED attempt that YARN runs again. So there {@code main} returns for success, and for a failure throws
 * Spark's own exception for a user application's exit code, which the ApplicationMaster reports as FAILED with
 * "User application exited with status N" (no stack trace) and which spark-submit shows on the submitting side.
 */
public final class DriverExit {

    /** Set by Spark's ApplicationMaster, in cluster mode only, before it calls the job's main. */
    private static final String YARN_CLUSTER_APP_ID = "spark.yarn.app.id";

    private DriverExit() {
    }

    /** True if this driver is a thread of YARN's ApplicationMaster (cluster mode). */
    static boolean insideApplicationMaster() {
        return System.getProperty(YARN_CLUSTER_APP_ID) != null;
    }

    public static void exit(int exitCode) throws SparkUserAppException {
        if (!insideApplicationMaster()) {
            System.exit(exitCode);
        } else if (exitCode != 0) {
            throw new SparkUserAppException(exitCode);
        }
    }
}
