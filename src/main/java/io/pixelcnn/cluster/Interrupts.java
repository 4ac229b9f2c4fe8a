package io.pixelcnn.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM (how YARN preemption, Kubernetes eviction and {@code kill} stop a driver)
 * end a command as a failure it foresaw, not as a crash. Left to the JVM, a signal runs the shutdown hooks
 * at once: Spark's stops the context under the running job ("Job 31 cancelled because SparkContext was shut
 * down"), Hadoop's closes the file systems under the writes that would clean up, and the command dies with
 * a stack trace. Here the signal only cancels the command's Spark jobs (and every job started after it); the
 * command then fails where it stands, cleans up as after any failure (a partial output removed, a run's claim
 * released), sees that the failure came from {@link #received() the interrupt}, says so in one line and
 * exits with 128 + the signal's number (130, 143), as a shell reports it. Only then do the shutdown hooks
 * run, on a context with nothing left to cancel.
 *
 * <p>Work on the driver alone (sampling a grid or completions on this machine) asks {@link #stopIfReceived()}
 * between batches. A command that has not ended {@link #GRACE} after the signal, or a second signal, ends the
 * JVM's way.
 */
public final class Interrupts {

    /** How long a command may take to end after the signal before the JVM ends it. */
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final List<String> SIGNALS = List.of("INT", "TERM");
    /** A shell reports a process a signal ended with 128 + the signal's number. */
    private static final int SIGNAL_EXIT_BASE = 128;
    /** The job's own loggers, which go on logging after the signal. */

    /** The signal that interrupted the command, and the exit code that says so. */
    public record Interrupt(String signal, int exitCode) {

        /** The start of the line that tells the user. */
        public String said() {
            return "interrupted (" + signal + ")";
        }
    }

    private static volatile Interrupt received;

    private Interrupts() {
    }

    /** Handles SIGINT and SIGTERM from now on (signals this process ignores stay ignored). */
    public static void install() {
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            SignalHandler[] jvm = new SignalHandler[1];
            jvm[0] = Signal.handle(signal, s -> onSignal(s, jvm[0]));
        }
    }

    /** The interrupt, once a signal has come. */
    public static Optional<Interrupt> received() {
        return Optional.ofNullable(received);
    }

    /**
     * For long work outside Spark's jobs, between two of its steps: ends it once a signal has come.
     *
     * @throws CancellationException after the signal
     */
    public static void stopIfReceived() {
        Interrupt interrupt = received;
        if (interrupt != null) {
            throw new CancellationException(interrupt.said());
        }
    }

    private static synchronized void onSignal(Signal signal, SignalHandler jvm) {
        if (received != null) {
            endTheJvmsWay(signal, jvm);
            return;
        }
        received = new Interrupt("SIG" + signal.getName(), SIGNAL_EXIT_BASE + signal.getNumber());
        LibraryLogs.silence();
        // a thread the cancelled tasks leave behind dies of it (DL4J's prefetch thread of a killed task): the
        // JVM would print its stack trace, about the cancellation the one line reports
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> { });
        SparkJobs.running().ifPresent(Interrupts::cancelEveryJob);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println(received.said() + ": the command did not end within " + GRACE.toSeconds() + " s");
            endTheJvmsWay(signal, jvm);
        }, "interrupt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Cancels the running jobs, and every job started from now on, as soon as Spark announces it. */
    private static void cancelEveryJob(JavaSparkContext sc) {
        String reason = "pixelcnn-spark was " + received.said();
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                sc.sc().cancelJob(start.jobId(), reason);
            }
        });
        sc.sc().cancelAllJobs();
    }

    /** What the JVM does with the signal by itself: exit with 128 + its number, running the shutdown hooks. */
    private static void endTheJvmsWay(Signal signal, SignalHandler jvm) {
        if (jvm == SignalHandler.SIG_DFL || jvm == SignalHandler.SIG_IGN || jvm == null) {
            Runtime.getRuntime().exit(SIGNAL_EXIT_BASE + signal.getNumber());
        } else {
            jvm.handle(signal);
        }
    }
}
