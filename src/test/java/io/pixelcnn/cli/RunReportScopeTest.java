package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.io.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart: report.html is the training's page; evaluate and sample, which read a run, leave it
 * as train wrote it, while the quickstart puts their evaluation.json and samples.png beside it.
 */
class RunReportScopeTest {

    @TempDir
    Path dir;

    @Test
    void evaluateAndSampleIntoARunLeaveItsReportAsTrainWroteIt() throws Exception {
        Path run = copy(TrainedRun.dir(), dir.resolve("run"));
        byte[] report = Files.readAllBytes(run.resolve(RunDirectory.REPORT));
        Cli.Result evaluation = Cli.run("evaluate", "--model", run.toString(), "--limit", "50");
        assertEquals(ExitCodes.OK, evaluation.exitCode(), evaluation.err());
        Files.writeString(run.resolve("evaluation.json"), evaluation.out());
        Cli.Result sample = Cli.run("sample", "--model", run.toString(), "--n", "2", "--out", run.resolve("samples.png").toString());
        assertEquals(ExitCodes.OK, sample.exitCode(), sample.err());

        assertTrue(Files.size(run.resolve("samples.png")) > 0);
        assertArrayEquals(report, Files.readAllBytes(run.resolve(RunDirectory.REPORT)), "report.html is train's alone");
        String html = new String(report, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>Bits per dimension</h2>") && html.contains("samples after epoch " + TrainedRun.EPOCHS),
                "the page holds the curve and the last epoch's samples, as the README says");
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().startsWith(".")) {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
