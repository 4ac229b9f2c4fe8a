package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --round-cost}'s bad options: one error line naming the option, exit 2, before Spark starts. */
class RoundCostOptionsTest {

    @Test
    void aModelNotWrittenHiddenByBlocksIsOneLineNamingTheOption(@TempDir Path logs) {
        Cli.Result result = Cli.run("bench", "--round-cost", "--round-models", "32by5", "--log-dir", logs.toString());
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        // the error line, then the usual hint at --help; no stack trace
        assertEquals("error: --round-models: a model is HIDDENxBLOCKS, e.g. 32x5, got '32by5'",
                result.err().lines().findFirst().orElse(""), result.err());
        assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), result.err());
    }

    @Test
    void zeroWorkersOrRoundsAreRefusedBeforeAnythingRuns(@TempDir Path logs) throws Exception {
        for (String[] bad : new String[][] {{"--round-workers", "0,2"}, {"--rounds", "0"}}) {
            Cli.Result result = Cli.run("bench", "--round-cost", bad[0], bad[1], "--log-dir", logs.toString());
            assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
            assertTrue(result.err().contains(bad[0] + " must"), result.err());
        }
        try (var files = Files.list(logs)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("round-cost")), "nothing written");
        }
    }
}
