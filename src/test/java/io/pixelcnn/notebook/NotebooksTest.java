package io.pixelcnn.notebook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixelcnn.cli.TrainedRun;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every code cell of every notebook in notebooks/ runs, in order, against a real trained run, so the
 * notebooks never rot. With {@code -Dnotebooks.save=true} the outputs are written back into the
 * notebooks (that is how the saved outputs were made, with {@code -Dpixelcnn.run=runs/quickstart}).
 */
class NotebooksTest {

    @Test
    void everyCodeCellOfEveryNotebookRunsAndShowsImages() throws Exception {
        if (System.getProperty("pixelcnn.run") == null) {
            System.setProperty("pixelcnn.run", TrainedRun.dir().toString());
        }
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 2, "notebooks: " + notebooks);
        for (Path file : notebooks) {
            JsonNode notebook = new ObjectMapper().readTree(file.toFile());
            assertTrue(notebook.at("/metadata/kernelspec/language").asText().equals("java"), file + ": a Java kernel");
            List<NotebookRunner.CellResult> results = new ArrayList<>();
            try (NotebookRunner runner = new NotebookRunner()) {
                List<String> cells = NotebookRunner.codeCells(notebook);
                assertFalse(cells.isEmpty(), file + " has code");
                for (int i = 0; i < cells.size(); i++) {
                    results.add(runner.run(file.getFileName() + " cell " + (i + 1), cells.get(i)));
                }
            }
            assertTrue(results.stream().flatMap(r -> r.displayed().stream()).anyMatch(BufferedImage.class::isInstance),
                    file + " shows at least one image");
            if (Boolean.getBoolean("notebooks.save")) {
                NotebookRunner.saveOutputs(file, notebook, results);
            }
        }
    }
}
