package io.pixelcnn.cli;

/** What the process exit code says; scripts around the job can rely on these. */
public final class ExitCodes {

    public static final int OK = 0;
    /**
     * Training diverged, the cluster gave the job no executor in time, an output's file system is full (a
     * disk, an HDFS quota: free space, then resume), or something unexpected failed; the message (and, for the
     * unexpected, a stack trace) says what.
     */
    public static final int FAILED = 1;
    /**
     * Unknown option, missing argument or impossible configuration value (an image size no executor can hold),
     * or an output path that cannot be used: a file in its way, or a file system that cannot be reached.
     */
    public static final int USAGE = 2;
    /**
     * The data or model given cannot be used: missing, on a file system that cannot be reached, not an image,
     * wrong format, truncated, mixed sizes.
     */
    public static final int BAD_INPUT = 3;
    /**
     * Interrupted by SIGINT (Ctrl-C): 128 + 2, as a shell reports it. The command stopped cleanly, keeping
     * only whole outputs; {@code train} names its last complete checkpoint and the {@code --resume} command.
     */
    public static final int SIGINT = 130;
    /** Interrupted by SIGTERM (kill, YARN preemption, Kubernetes eviction): 128 + 15, as SIGINT otherwise. */
    public static final int SIGTERM = 143;

    private ExitCodes() {
    }
}
