package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.sample.ImageGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field a command prints is explained in its {@code --help}: the real commands run on the shared tiny run
 * ({@link TrainedRun}: local[2], Fashion-MNIST) and their JSON's keys are looked up in the help. bench's are
 * checked where it runs for real, in {@code BenchCommandTest}.
 */
class JsonFieldsInHelpTest {

    @TempDir
    Path dir;

    @Test
    void evaluateExplainsEveryFieldItPrints() throws Exception {
        Cli.Result result = Cli.run("evaluate", "--model", TrainedRun.dir().toString(), "--limit", "100");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertEquals(List.of(), HelpFields.unexplained(result.out().strip(), Cli.run("evaluate", "--help").out()));
    }

    @Test
    void scoreExplainsEveryFieldOfItsSummary() throws Exception {
        Cli.Result result = Cli.run("score", "--model", TrainedRun.dir().toString(), "--limit", "100",
                "--out", dir.resolve("scores").toString(), "--top", "3", "--top-out", dir.resolve("worst.png").toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertEquals(List.of(), HelpFields.unexplained(result.out().strip(), Cli.run("score", "--help").out()));
        // worst.png's three tiles (two columns, two rows) carry each image's name and bits/dim beneath them
        int unlabelled = 2 * 84 + 3 * ImageGrid.GUTTER;
        assertTrue(ImageIO.read(dir.resolve("worst.png").toFile()).getHeight() > unlabelled, "room for the labels");
    }

    @Test
    void trainExplainsEveryColumnOfMetricsCsv() throws Exception {
        String header = Files.readAllLines(TrainedRun.dir().resolve("metrics.csv")).get(0);
        assertEquals(List.of(), HelpFields.unexplainedColumns(header, Cli.run("train", "--help").out()));
    }
}
