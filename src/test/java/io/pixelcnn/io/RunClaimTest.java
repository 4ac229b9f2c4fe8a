package io.pixelcnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.MiniHdfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claim on a run directory, on a local disk and on a real HDFS: who may take it, and when. */
class RunClaimTest {

    private static final String HOST = RunClaim.Holder.current().host();
    private static final Configuration CONF = new Configuration();

    @TempDir
    static java.nio.file.Path hdfsDir;
    @TempDir
    java.nio.file.Path dir;
    private static MiniHdfs hdfs;

    @BeforeAll
    static void startHdfs() throws IOException {
        hdfs = MiniHdfs.start(hdfsDir);
    }

    @AfterAll
    static void stopHdfs() {
        hdfs.close();
    }

    @Test
    void aSecondRunIsRefusedWhileTheFirstHoldsTheClaimAndTakesItOnceReleased() throws Exception {
        Path run = new Path(dir.resolve("run").toString());
        RunClaim first = RunClaim.take(run, CONF, RunClaim.Holder.current());
        RunInUseException refused = assertThrows(RunInUseException.class,
                () -> RunClaim.take(run, CONF, otherProcess("other-host.invalid")));
        assertTrue(refused.getMessage().startsWith(dir.resolve("run") + " is in use by process "
                + ProcessHandle.current().pid() + " on " + HOST + ", whose claim (.claim) was renewed "), refused.getMessage());
        first.close();
        assertFalse(Files.exists(dir.resolve("run/.claim")), "released");
        try (RunClaim second = RunClaim.take(run, CONF, otherProcess("other-host.invalid"))) {
            assertTrue(Files.exists(dir.resolve("run/.claim")));
        }
        assertEquals(List.of(), listing(dir.resolve("run")), "no checksum or temporary files beside the claim");
    }

    @Test
    void aClaimWhoseProcessOnThisHostIsGoneIsTakenOver() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        writeClaim(dir.resolve("run"), "host=" + HOST + "\npid=" + ended.pid() + "\nstate=running\n");
        try (RunClaim taken = RunClaim.take(new Path(dir.resolve("run").toString()), CONF, RunClaim.Holder.current())) {
            assertEquals(ProcessHandle.current().pid(),
                    RunClaim.find(new Path(dir.resolve("run").toString()), CONF).orElseThrow().holder().pid());
        }
    }

    /**
     * Two JVMs may compute one process's start a second apart (the kernel's boot time, which the JDK adds to
     * the start's clock ticks, moves when the clock is adjusted): a live holder still binds then; a start an
     * hour away is another process under a reused pid.
     */
    @Test
    void aLiveHolderBindsThoughAnotherJvmReadsItsStartASecondApartAReusedPidDoesNot() throws Exception {
        Process live = new ProcessBuilder("sleep", "60").start();
        try {
            long start = live.toHandle().info().startInstant().orElseThrow().toEpochMilli();
            Path run = new Path(dir.resolve("run").toString());
            for (long apart : new long[]{-1_000, 1_000}) {
                writeClaim(dir.resolve("run"), "host=" + HOST + "\npid=" + live.pid() + "\nprocess-start=" + (start + apart)
                        + "\nstate=running\n");
                assertThrows(RunInUseException.class, () -> RunClaim.take(run, CONF, RunClaim.Holder.current()),
                        "the live holder's start read " + apart + " ms apart");
            }
            writeClaim(dir.resolve("run"), "host=" + HOST + "\npid=" + live.pid() + "\nprocess-start=" + (start - 3_600_000)
                    + "\nstate=running\n");
            RunClaim.take(run, CONF, RunClaim.Holder.current()).close();
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void aClaimFromAnotherHostBindsUntilItIsNotRenewedForTheExpiry() throws Exception {
        java.nio.file.Path file = writeClaim(dir.resolve("run"), "host=other-host.invalid\npid=1\nstate=running\n");
        Path run = new Path(dir.resolve("run").toString());
        assertThrows(RunInUseException.class, () -> RunClaim.take(run, CONF, RunClaim.Holder.current()));
        long expired = System.currentTimeMillis() - RunClaim.EXPIRY.toMillis() - 5_000;
        Files.setLastModifiedTime(file, FileTime.fromMillis(expired));
        RunClaim.take(run, CONF, RunClaim.Holder.current()).close();
    }

    @Test
    void aFailedRunsClaimNoLongerBinds() throws Exception {
        writeClaim(dir.resolve("run"), "host=other-host.invalid\npid=1\nstate=failed\nexit-code=3\nerror=bad\nrepeats=true\n");
        Path run = new Path(dir.resolve("run").toString());
        RunClaim.Found found = RunClaim.find(run, CONF).orElseThrow();
        assertTrue(found.failed() && found.repeats());
        assertEquals(3, found.exitCode());
        RunClaim.take(run, CONF, RunClaim.Holder.current()).close();
    }

    @Test
    void aLaterAttemptOfTheSameYarnApplicationTakesOverAnotherApplicationDoesNot() throws Exception {
        writeClaim(dir.resolve("run"), "application=application_1_0001\nattempt=1\nhost=other-host.invalid\npid=1\nstate=running\n");
        Path run = new Path(dir.resolve("run").toString());
        RunClaim.Holder otherApp = new RunClaim.Holder("application_1_0002", 2, "other-host.invalid", 2, 0);
        assertThrows(RunInUseException.class, () -> RunClaim.take(run, CONF, otherApp));
        RunClaim.Holder secondAttempt = new RunClaim.Holder("application_1_0001", 2, "other-host.invalid", 2, 0);
        RunClaim.take(run, CONF, secondAttempt).close();
    }

    @Test
    void aFailureUnderYarnStaysAsItsRecordAndElsewhereLeavesNothing() throws Exception {
        Path yarnRun = new Path(dir.resolve("yarn").toString());
        RunClaim.Holder attempt = new RunClaim.Holder("application_1_0001", 1, HOST, ProcessHandle.current().pid(), 0);
        RunClaim.take(yarnRun, CONF, attempt).failed(3, "data.gz: not an IDX file", true);
        RunClaim.Found record = RunClaim.find(yarnRun, CONF).orElseThrow();
        assertTrue(record.failed());
        assertEquals("data.gz: not an IDX file", record.error());
        assertEquals(List.of(".claim"), listing(dir.resolve("yarn")));

        Path localRun = new Path(dir.resolve("local/run").toString());
        RunClaim.take(localRun, CONF, RunClaim.Holder.current()).failed(3, "bad", true);
        assertFalse(Files.exists(dir.resolve("local/run")), "the folder the claim made is gone");
    }

    @Test
    void ofManyRunsStartingAtOnceExactlyOneGetsTheClaimOnALocalDisk() throws Exception {
        assertEquals(1, winnersOfSimultaneousClaims(new Path(dir.resolve("race").toString()), CONF));
    }

    @Test
    void ofManyRunsStartingAtOnceExactlyOneGetsTheClaimOnHdfs() throws Exception {
        assertEquals(1, winnersOfSimultaneousClaims(new Path(hdfs.uri() + "/runs/race"), hdfs.clientConf()));
        assertTrue(hdfs.fs().exists(new Path("/runs/race/.claim")));
    }

    @Test
    void theAttemptOfAYarnContainerIdIsRead() {
        assertEquals(2, RunClaim.Holder.yarnAttempt("container_1796291396942_0001_02_000001"));
        assertEquals(1, RunClaim.Holder.yarnAttempt("container_e17_1796291396942_0001_01_000003"));
        assertEquals(0, RunClaim.Holder.yarnAttempt(null));
    }

    /** Eight contenders (as eight hosts would be) claim {@code run} at the same moment. */
    private static int winnersOfSimultaneousClaims(Path run, Configuration conf) throws Exception {
        int contenders = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<Optional<RunClaim>>> results = new ArrayList<>();
            for (int c = 0; c < contenders; c++) {
                RunClaim.Holder holder = otherProcess("host-" + c + ".invalid");
                Callable<Optional<RunClaim>> claim = () -> {
                    start.await();
                    try {
                        return Optional.of(RunClaim.take(run, conf, holder));
                    } catch (RunInUseException refused) {
                        return Optional.empty();
                    }
                };
                results.add(threads.submit(claim));
            }
            start.countDown();
            int winners = 0;
            for (Future<Optional<RunClaim>> result : results) {
                if (result.get().isPresent()) {
                    winners++;
                }
            }
            return winners;
        } finally {
            threads.shutdown();
        }
    }

    private static RunClaim.Holder otherProcess(String host) {
        return new RunClaim.Holder(null, 0, host, 1, 0);
    }

    /** A claim file as a run wrote it (the test's own file: {@link RunClaim}'s properties format). */
    private static java.nio.file.Path writeClaim(java.nio.file.Path run, String properties) throws IOException {
        Files.createDirectories(run);
        return Files.writeString(run.resolve(RunClaim.FILE), properties);
    }

    private static List<String> listing(java.nio.file.Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
