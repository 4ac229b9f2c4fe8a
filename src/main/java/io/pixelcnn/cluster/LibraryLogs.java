package io.pixelcnn.cluster;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * The log of Spark, Hadoop and DL4J once a command has said in one line how it ended (a signal, a failure):
 * from then on they log about the jobs it cancelled and the tasks it stopped under (Spark SQL's writer logs
 * every aborted write with a stack trace, a stopping RPC layer rejects late messages with one). The job's
 * own log ({@code io.pixelcnn}) goes on. Not inside YARN's ApplicationMaster, whose log reports the
 * application's final status after the job's main has returned.
 */
final class LibraryLogs {

    private static final String OWN_LOGGERS = "io.pixelcnn";

    private LibraryLogs() {
    }

    /**
     * Discards what is written to {@code System.err} from now on, once a failed command's one line is out and
     * the process is about to exit. Spark's RPC layer completes late replies (an asynchronous unpersist's,
     * say) through Scala futures, whose default reporter prints a rejected callback's stack trace straight to
     * {@code System.err}, past every logger. The command's own error line and log are not affected: they
     * write to the streams they took when the process started. Not inside YARN's ApplicationMaster.
     */
    static void muteStandardError() {
        if (!DriverExit.insideApplicationMaster()) {
            System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), true));
        }
    }

    static void silence() {
        if (DriverExit.insideApplicationMaster()) {
            return;
        }
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            Configuration config = context.getConfiguration();
            config.getRootLogger().setLevel(Level.OFF);
            for (LoggerConfig logger : config.getLoggers().values()) {
                if (!logger.getName().startsWith(OWN_LOGGERS)) {
                    logger.setLevel(Level.OFF);
                }
            }
            context.updateLoggers();
        }
    }
}
