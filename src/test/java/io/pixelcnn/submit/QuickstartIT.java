package io.pixelcnn.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as a user would (bash, the built jar, submit/local.sh), with a short
 * training budget. Keeps the README, the scripts and the code from drifting apart.
 */
class QuickstartIT {

    private static final String SHORT_BUDGET =
            "--train-limit 1000 --test-limit 200 --train-eval-limit 200 --epochs 1 --hidden 8 --blocks 1";

    @TempDir
    Path dir;

    @Test
    void readmeQuickstartRunsEndToEnd() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher command = Pattern.compile("```bash\\n(submit/quickstart\\.sh[^\\n]*)\\n").matcher(readme);
        assertTrue(command.find(), "README.md has no ```bash block starting with submit/quickstart.sh");
        assertEquals("submit/quickstart.sh", command.group(1).trim());

        Path run = dir.resolve("quickstart");
        ProcessBuilder builder = new ProcessBuilder("bash", "submit/quickstart.sh", run.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("quickstart.log").toFile());
        builder.environment().put("QUICKSTART_TRAIN_ARGS", SHORT_BUDGET);
        builder.environment().put("PIXELCNN_DRIVER_MEMORY", "2g");
        builder.environment().remove("SPARK_HOME");
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.MINUTES), "quickstart still running after 30 minutes"); // only stops a hang
        String log = Files.readString(dir.resolve("quickstart.log"));
        assertEquals(0, process.exitValue(), log);

        assertTrue(Files.isRegularFile(run.resolve("model.zip")), log);
        assertTrue(Files.isRegularFile(run.resolve("samples.png")), log);
        String evaluation = Files.readString(run.resolve("evaluation.json"));
        assertTrue(evaluation.contains("\"images\": 10000"), evaluation); // the whole Fashion-MNIST test set
        assertTrue(log.contains("epoch 1/1"), log);
        assertTrue(log.contains("quickstart done"), log);
    }
}
