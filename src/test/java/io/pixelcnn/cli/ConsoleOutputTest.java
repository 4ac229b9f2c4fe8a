package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.JavaProcess;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's console shows when a command starts Spark, with the job's own logging configuration
 * (conf/log4j2.properties, bundled in the jar): Spark's network advice for a laptop whose hostname
 * resolves to a loopback address is kept out of the way, while Spark's real warnings and the job's
 * errors still show. Runs the command in a JVM of its own, whose hostname is made to resolve to
 * 127.0.1.1 as on a laptop (a hosts file of its own), so Spark gives the advice on any machine.
 */
class ConsoleOutputTest {

    private static final String LOOPBACK_ADVICE = "resolves to a loopback address";
    private static final String LOCAL_IP_ADVICE = "Set SPARK_LOCAL_IP if you need to bind to another address";
    /** A real warning: Spark names a deprecated key and its replacement. */
    private static final String DEPRECATED_KEY = "spark.yarn.executor.memoryOverhead";

    @TempDir
    Path dir;

    @Test
    void sparksNetworkAdviceIsHiddenWhileItsWarningsAndTheJobsErrorsShow() throws Exception {
        // Spark advises only when some interface has an address other than loopback to use instead
        Assumptions.assumeTrue(hasNonLoopbackAddress(), "no network interface besides loopback");

        JavaProcess.Result quiet = evaluateMissingModel(List.of());
        assertEquals(ExitCodes.BAD_INPUT, quiet.exitCode(), quiet.output());
        assertTrue(quiet.output().contains("error: /no/such/model.zip: no such file or directory"), quiet.output());
        assertTrue(quiet.output().contains("WARN") && quiet.output().contains(DEPRECATED_KEY + "' has been deprecated"),
                "Spark's real warnings still show:\n" + quiet.output());
        assertFalse(quiet.output().contains(LOOPBACK_ADVICE), quiet.output());
        assertFalse(quiet.output().contains(LOCAL_IP_ADVICE), quiet.output());

        // the same run with the filter taken out of the configuration: Spark did give the advice
        String configuration = Files.readString(Path.of("conf/log4j2.properties")).lines()
                .filter(line -> !line.startsWith("logger.sparknet.filter")).collect(Collectors.joining("\n"));
        Path unfiltered = Files.writeString(dir.resolve("log4j2-unfiltered.properties"), configuration);
        JavaProcess.Result noisy = evaluateMissingModel(List.of("-Dlog4j2.configurationFile=" + unfiltered));
        assertEquals(ExitCodes.BAD_INPUT, noisy.exitCode(), noisy.output());
        assertTrue(noisy.output().contains(LOOPBACK_ADVICE), noisy.output());
        assertTrue(noisy.output().contains(LOCAL_IP_ADVICE), noisy.output());
    }

    /** {@code evaluate} of a model that is not there: Spark starts, then the job stops with one line. */
    private JavaProcess.Result evaluateMissingModel(List<String> moreFlags) throws Exception {
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n127.0.1.1 " + hostname + "\n");
        List<String> flags = new ArrayList<>(JavaProcess.testJvmAddOpens());
        flags.addAll(List.of("-Djdk.net.hosts.file=" + hosts, "-Dspark.master=local[1]", "-Dspark.ui.enabled=false",
                "-D" + DEPRECATED_KEY + "=512m"));
        flags.addAll(moreFlags);
        return JavaProcess.run(flags, Main.class, List.of("evaluate", "--model", "/no/such/model.zip"),
                dir.resolve("console-" + moreFlags.size() + ".log"), 120);
    }

    private static boolean hasNonLoopbackAddress() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(ni.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return true;
                }
            }
        }
        return false;
    }
}
