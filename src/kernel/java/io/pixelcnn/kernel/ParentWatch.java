package io.pixelcnn.kernel;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends the kernel when the Jupyter client that started it is gone. jupyter_client starts a kernel in a
 * session of its own, so a killed client (nbconvert interrupted, a notebook server stopped hard) would
 * otherwise leave this JVM, and the Spark it started, running; the client names itself in
 * {@code JPY_PARENT_PID}.
 */
final class ParentWatch {

    static final String PARENT_PID = "JPY_PARENT_PID";
    static final int PARENT_GONE = 3;
    private static final long PERIOD_MS = 1000;

    private ParentWatch() {
    }

    /** Starts watching the process {@code pid} (no watch without one, as when started by hand). */
    static void exitWhenGone(String pid) {
        Optional<ProcessHandle> parent = parse(pid).flatMap(ProcessHandle::of);
        if (pid != null && !pid.isBlank() && parent.isEmpty()) {
            System.err.println(PARENT_PID + "=" + pid + ": no such process, the client is already gone");
            System.exit(PARENT_GONE);
        }
        parent.ifPresent(process -> {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "jupyter-client-watch");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleAtFixedRate(() -> {
                if (!process.isAlive()) {
                    System.err.println("the Jupyter client (pid " + process.pid() + ") is gone: kernel exits");
                    // halt, not exit: shutdown hooks (Spark's) could wait on a cell that is still running
                    Runtime.getRuntime().halt(PARENT_GONE);
                }
            }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        });
    }

    private static Optional<Long> parse(String pid) {
        try {
            return pid == null || pid.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
