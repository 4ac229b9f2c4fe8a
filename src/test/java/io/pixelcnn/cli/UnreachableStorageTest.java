package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pixelcnn.testing.FashionMnist;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file system that cannot be reached ends a command with one line naming the path and the problem:
 * exit 3 for data and models (input that cannot be used, like a missing file), exit 2 for outputs (a path
 * that cannot be used, like one with a file in its way), before any work and with nothing left behind.
 * Two real faults: a host in the {@code .invalid} domain, which never resolves (RFC 2606), and a port on
 * loopback that nothing listens on, which refuses the connection.
 */
class UnreachableStorageTest {

    private static final String UNKNOWN = "hdfs://no-such-host.invalid:9000";
    private static final String UNKNOWN_HOST = ": unknown host no-such-host.invalid";
    private static final String REFUSED = ": cannot connect to its file system (connection refused)";
    private static final String TEST = FashionMnist.TEST_IMAGES.toString();

    /** hdfs://127.0.0.1:PORT where PORT was just free: nothing listens there. */
    private static String closed;

    @TempDir
    Path dir;

    @BeforeAll
    static void findAClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "hdfs://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void trainingDataOnAnUnknownHost() {
        String data = UNKNOWN + "/data/train";
        assertOneLine(train("--run-dir", run(), "--train-data", data), ExitCodes.BAD_INPUT, data + UNKNOWN_HOST);
        assertFalse(Files.exists(dir.resolve("run")), "no run directory");
    }

    @Test
    void trainingDataBehindARefusedPort() {
        String data = closed + "/data/train";
        assertOneLine(train("--run-dir", run(), "--train-data", data), ExitCodes.BAD_INPUT, data + REFUSED);
        assertFalse(Files.exists(dir.resolve("run")), "no run directory");
    }

    @Test
    void aRunDirectoryOnAnUnknownHost() {
        String run = UNKNOWN + "/runs/x";
        assertOneLine(train("--run-dir", run, "--train-data", TEST), ExitCodes.USAGE, run + UNKNOWN_HOST);
    }

    @Test
    void aRunDirectoryBehindARefusedPortAndAResumeThere() {
        String run = closed + "/runs/x";
        assertOneLine(train("--run-dir", run, "--train-data", TEST), ExitCodes.USAGE, run + REFUSED);
        assertOneLine(Cli.run("train", "--resume", run), ExitCodes.USAGE, run + REFUSED);
    }

    @Test
    void aModelOnAnUnknownHostOrBehindARefusedPort() {
        String model = UNKNOWN + "/runs/x";
        assertOneLine(Cli.run("evaluate", "--model", model, "--data", TEST, "--limit", "8"), ExitCodes.BAD_INPUT,
                model + UNKNOWN_HOST);
        String refused = closed + "/runs/x";
        assertOneLine(Cli.run("sample", "--model", refused, "--n", "1", "--out", dir.resolve("grid.png").toString()),
                ExitCodes.BAD_INPUT, refused + REFUSED);
    }

    @Test
    void scoreAndSampleOutputsThatCannotBeReached() throws Exception {
        Path model = Files.writeString(dir.resolve("model.zip"), "never read: the output is checked first");
        String table = UNKNOWN + "/scores/x";
        assertOneLine(Cli.run("score", "--model", model.toString(), "--data", TEST, "--out", table), ExitCodes.USAGE,
                table + UNKNOWN_HOST);
        String samples = closed + "/samples/x";
        assertOneLine(Cli.run("sample", "--model", model.toString(), "--n", "1", "--out-dir", samples),
                ExitCodes.USAGE, samples + REFUSED);
    }

    private String run() {
        return dir.resolve("run").toString();
    }

    private static Cli.Result train(String... args) {
        return Cli.run(Stream.concat(Stream.of("train", "--test-data", TEST, "--epochs", "1"), Stream.of(args))
                .toArray(String[]::new));
    }

    private static void assertOneLine(Cli.Result result, int exitCode, String problem) {
        assertEquals(exitCode, result.exitCode(), result.err());
        assertEquals("error: " + problem, result.errorLines());
    }
}
