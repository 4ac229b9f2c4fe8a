package io.pixelcnn.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is writing a run directory: the file {@code .claim}, created atomically when a {@code train} starts
 * (exclusive create: on HDFS the NameNode lets one client create a name; on a local disk {@code O_EXCL}), so
 * a second run on the same directory, from another application or another process, is refused while the
 * first holds it. The holder renews the claim (its modification time) every {@link #RENEWAL}; it deletes the
 * claim when it ends well and marks it failed, with its exit code and error, when it fails.
 *
 * <p>A claim no longer binds when its holder is gone: it ended with a failure; it was not renewed for
 * {@link #EXPIRY} (the holder died, wherever it ran); its process on this host no longer exists; or the
 * holder was an earlier attempt of the YARN application now running (YARN starts an attempt only after the
 * last one ended). Such a claim is taken over, by a rename only one contender can win.
 *
 * <p>On object stores (s3a) an exclusive create is a check followed by a write: two runs started within the
 * same moment can both pass it there.
 */
public final class RunClaim implements AutoCloseable {

    public static final String FILE = ".claim";
    /** How often a holder renews its claim. */
    static final Duration RENEWAL = Duration.ofSeconds(10);
    /** How long an unrenewed claim binds: several renewals, so a slow file system or a GC pause is no gap. */
    public static final Duration EXPIRY = Duration.ofSeconds(60);
    /**
     * How far apart two JVMs' start instants of one process may be (see {@code Found.alive}): a few seconds of
     * boot-time movement; a reused pid whose process started that close to the holder's is not a case to guard.
     */
    static final Duration SAME_START = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(RunClaim.class);
    private static final String RUNNING = "running";
    private static final String FAILED = "failed";

    /** Who holds (or held) a claim. {@code application} is set for a driver that YARN runs and may restart. */
    public record Holder(String application, int attempt, String host, long pid, long processStart) {

        /** Set by Spark's ApplicationMaster (cluster mode) before it runs the job's main. */
        private static final String YARN_APP_ID = "spark.yarn.app.id";

        /** This process. */
        public static Holder current() {
            ProcessHandle self = ProcessHandle.current();
            return new Holder(System.getProperty(YARN_APP_ID), yarnAttempt(System.getenv("CONTAINER_ID")),
                    hostName(), self.pid(), startOf(self));
        }

        /**
         * The attempt number in a YARN container id: {@code container_[e17_]1700000000000_0001_02_000001} is
         * a container of attempt 2 of application 1700000000000_0001. 0 outside YARN.
         */
        static int yarnAttempt(String containerId) {
            if (containerId == null) {
                return 0;
            }
            String[] parts = containerId.split("_");
            return parts.length >= 4 ? Integer.parseInt(parts[parts.length - 2]) : 0;
        }

        /** True if {@code earlier} was an earlier attempt of the YARN application this holder is an attempt of. */
        public boolean laterAttemptOf(Holder earlier) {
            return application != null && application.equals(earlier.application) && attempt > earlier.attempt;
        }

        String describe() {
            return "process " + pid + " on " + host + (application == null ? ""
                    : " (YARN application " + application + ", attempt " + attempt + ")");
        }

        void writeTo(Properties properties) {
            if (application != null) {
                properties.setProperty("application", application);
            }
            properties.setProperty("attempt", Integer.toString(attempt));
            properties.setProperty("host", host);
            properties.setProperty("pid", Long.toString(pid));
            properties.setProperty("process-start", Long.toString(processStart));
        }

        static Holder readFrom(Properties properties) {
            return new Holder(properties.getProperty("application"),
                    Integer.parseInt(properties.getProperty("attempt", "0")), properties.getProperty("host", "?"),
                    Long.parseLong(properties.getProperty("pid", "-1")),
                    Long.parseLong(properties.getProperty("process-start", "0")));
        }

        private static long startOf(ProcessHandle process) {
            return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown-host";
            }
        }
    }

    /** A claim as found in a run directory. */
    public record Found(Holder holder, boolean failed, int exitCode, String error, boolean repeats, long renewedMillis) {

        /** Why it still binds {@code taker}, or empty if its holder is gone. */
        Optional<String> bindingReason(Holder taker, long nowMillis) {
            if (failed || taker.laterAttemptOf(holder)) {
                return Optional.empty();
            }
            if (holder.host().equals(taker.host()) && !alive(holder)) {
                return Optional.empty();
            }
            long age = nowMillis - renewedMillis;
            if (age > EXPIRY.toMillis()) {
                return Optional.empty();
            }
            return Optional.of("in use by " + holder.describe() + ", whose claim (" + FILE + ") was renewed "
                    + Math.max(0, age / 1000) + " s ago");
        }

        /**
         * Whether the holder's process still runs: its pid is alive and started when the holder did (else the
         * pid was reused). Within {@link #SAME_START}, not to the millisecond: the JDK computes a start
         * instant as the kernel's boot time plus the start's clock ticks, and the boot time (the wall clock
         * minus the uptime, in whole seconds, read once by each JVM) moves when the clock is adjusted. Seen
         * once in ConcurrentRunsTest: a live holder taken for gone, its run taken over while it trained.
         */
        private static boolean alive(Holder holder) {
            return ProcessHandle.of(holder.pid())
                    .filter(p -> holder.processStart() == 0 || sameStart(Holder.startOf(p), holder.processStart()))
                    .map(ProcessHandle::isAlive).orElse(false);
        }

        /** Two JVMs' start instants of one process. */
        static boolean sameStart(long oneMillis, long otherMillis) {
            return Math.abs(oneMillis - otherMillis) <= SAME_START.toMillis();
        }
    }

    private final FileSystem fs;
    private final Path file;
    private final Holder holder;
    private final ScheduledExecutorService renewal;
    private final boolean createdDirectory;
    /** The claim stays when the run ends: a failed run's record, or an interrupted run's under YARN. */
    private boolean kept;

    private RunClaim(FileSystem fs, Path file, Holder holder, boolean createdDirectory) {
        this.fs = fs;
        this.createdDirectory = createdDirectory;
        this.file = file;
        this.holder = holder;
        this.renewal = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "run-claim-renewal");
            thread.setDaemon(true);
            return thread;
        });
        renewal.scheduleWithFixedDelay(this::renew, RENEWAL.toMillis(), RENEWAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The claim in {@code runDir}, if there is one. */
    public static Optional<Found> find(Path runDir, Configuration conf) throws IOException {
        Path file = new Path(StoragePaths.qualified(runDir, conf), FILE);
        FileSystem fs = fileSystem(file, conf);
        FileStatus status;
        Properties properties = new Properties();
        try {
            status = fs.getFileStatus(file);
            try (InputStream in = fs.open(file)) {
                properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (FileNotFoundException gone) {
            return Optional.empty();
        }
        return Optional.of(new Found(Holder.readFrom(properties), FAILED.equals(properties.getProperty("state")),
                Integer.parseInt(properties.getProperty("exit-code", "0")), properties.getProperty("error", ""),
                Boolean.parseBoolean(properties.getProperty("repeats", "false")), status.getModificationTime()));
    }

    /**
     * Claims {@code runDir} for {@code holder}, taking over a claim whose holder is gone.
     *
     * @throws RunInUseException when another live run holds it
     */
    public static RunClaim take(Path runDir, Configuration conf, Holder holder) throws IOException {
        Path file = new Path(StoragePaths.qualified(runDir, conf), FILE);
        FileSystem fs = fileSystem(file, conf);
        boolean createdDirectory = !fs.exists(file.getParent());
        fs.mkdirs(file.getParent());
        byte[] content = content(holder, false, 0, "", false);
        // one retry: a contender may take over or release the claim between our look and our move
        for (int tries = 0; tries < 2; tries++) {
            if (createExclusive(fs, file, content)) {
                return new RunClaim(fs, file, holder, createdDirectory);
            }
            Optional<Found> found = find(runDir, conf);
            if (found.isEmpty()) {
                continue;
            }
            Optional<String> binding = found.get().bindingReason(holder, System.currentTimeMillis());
            if (binding.isPresent()) {
                throw new RunInUseException(StoragePaths.shown(file.getParent()) + " is " + binding.get());
            }
            Path taken = new Path(file.getParent(), FILE + ".taken-" + UUID.randomUUID());
            if (renameExclusive(fs, file, taken)) {
                log.info("taking over the claim on {} left by {}", StoragePaths.shown(file.getParent()),
                        found.get().holder().describe());
                fs.delete(taken, false);
            }
        }
        throw new RunInUseException(StoragePaths.shown(file.getParent()) + " is being claimed by another run");
    }

    /**
     * Ends the claim of a failed run. Under YARN, which may start another attempt of the driver, the claim
     * stays as the failure's record (no longer binding): how the run ended and whether the same command would
     * fail the same way again. Elsewhere it is released like a successful run's, and a run directory that the
     * claim created and nothing else filled is removed: a failed start leaves nothing behind.
     */
    public synchronized void failed(int exitCode, String error, boolean repeats) throws IOException {
        stopRenewing();
        if (holder.application() == null) {
            release();
            return;
        }
        kept = true;
        byte[] content = content(holder, true, exitCode, error, repeats);
        if (isLocal(fs)) {
            java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
            java.nio.file.Path temporary = local.resolveSibling(FILE + ".tmp-" + UUID.randomUUID());
            Files.write(temporary, content);
            Files.move(temporary, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            AtomicFiles.write(file, fs.getConf(), out -> out.write(content));
        }
    }

    /**
     * Ends the claim of a run a signal interrupted: no failure, so nothing is recorded that would stop the
     * command from being run again. Released as after a failure outside YARN; under YARN it stays as a killed
     * driver's would (no longer renewed), so that the application's next attempt continues the run.
     */
    public synchronized void interrupted() throws IOException {
        stopRenewing();
        if (holder.application() == null) {
            release();
        } else {
            kept = true;
        }
    }

    /** Releases the claim of a run that ended well; a failed run's claim stays as its record. */
    @Override
    public synchronized void close() throws IOException {
        stopRenewing();
        if (!kept) {
            fs.delete(file, false);
        }
    }

    /** Releases the claim and removes a run directory that the claim created and nothing else filled. */
    private void release() throws IOException {
        close();
        if (createdDirectory && fs.listStatus(file.getParent()).length == 0) {
            fs.delete(file.getParent(), false);
        }
    }

    private void stopRenewing() {
        renewal.shutdownNow();
    }

    private synchronized void renew() {
        try {
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException e) {
            log.warn("could not renew the claim {}: {}", file, e.toString());
        }
    }

    private static byte[] content(Holder holder, boolean failed, int exitCode, String error, boolean repeats) {
        Properties properties = new Properties();
        holder.writeTo(properties);
        properties.setProperty("state", failed ? FAILED : RUNNING);
        if (failed) {
            properties.setProperty("exit-code", Integer.toString(exitCode));
            properties.setProperty("error", error);
            properties.setProperty("repeats", Boolean.toString(repeats));
        }
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "the run holding this directory (pixelcnn-spark train)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Creates {@code file} only if no file of that name exists, as one step of the file system. */
    private static boolean createExclusive(FileSystem fs, Path file, byte[] content) throws IOException {
        if (isLocal(fs)) {
            java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
            try (OutputStream out = Files.newOutputStream(local, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                out.write(content);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException taken) {
            return false;
        } catch (IOException e) {
            // HDFS reports a name another client is creating this very moment as a lease conflict
            if (fs.exists(file)) {
                return false;
            }
            throw e;
        }
    }

    /** Renames {@code from} to a new name; false if {@code from} is gone (a contender moved it first). */
    private static boolean renameExclusive(FileSystem fs, Path from, Path to) throws IOException {
        if (isLocal(fs)) {
            try {
                Files.move(java.nio.file.Path.of(from.toUri()), java.nio.file.Path.of(to.toUri()),
                        StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (NoSuchFileException gone) {
                return false;
            }
        }
        return fs.rename(from, to);
    }

    /**
     * The file system of the claim; on a local disk the raw one, without checksum files: the claim is
     * created and moved with java.nio (for O_EXCL and atomic moves), which would leave a checksum behind.
     */
    private static FileSystem fileSystem(Path file, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }

    private static boolean isLocal(FileSystem fs) {
        return "file".equals(fs.getUri().getScheme());
    }
}
