package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One word, one meaning: {@code --model} is a saved model's path in every command that takes it, a model family
 * is {@code --family} (train, bench, the conf key); bench says {@code --hidden} and {@code --batch-size} as train
 * does. The old names get the new ones in one line, exit 2. No Spark is started.
 */
class OneMeaningTest {

    private static final String MODEL_NOTE = " (model names a saved model, given to evaluate, sample, score, complete and classify)";

    @TempDir
    Path dir;

    @Test
    void aFamilyGivenAsModelToTrainOrBenchSuggestsFamily() {
        Cli.Result train = Cli.run("train", "--run-dir", dir.resolve("run").toString(), "--model", "row-lstm");
        assertEquals(ExitCodes.USAGE, train.exitCode());
        assertEquals("error: unknown option '--model'; did you mean --family?" + MODEL_NOTE, firstLine(train));
        assertFalse(Files.exists(dir.resolve("run")), "nothing started");
        Cli.Result bench = Cli.run("bench", "--model", "pixelcnn,row-lstm", "--reference", "none");
        assertEquals(ExitCodes.USAGE, bench.exitCode());
        assertEquals("error: unknown option '--model'; did you mean --family?" + MODEL_NOTE, firstLine(bench));
    }

    @Test
    void benchsOldSizeNamesSuggestTrainsNames() {
        assertEquals("error: unknown option '--h'; did you mean --hidden?", firstLine(Cli.run("bench", "--h", "4")));
        assertEquals("error: unknown option '--batch'; did you mean --batch-size?", firstLine(Cli.run("bench", "--batch", "8")));
    }

    @Test
    void theOldConfKeyModelSuggestsFamily() throws Exception {
        Path conf = Files.writeString(dir.resolve("old.conf"), "model=gated-pixelcnn\n");
        Cli.Result result = Cli.run("train", "--conf", conf.toString(), "--run-dir", dir.resolve("run").toString());
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals("error: unknown key 'model' in " + conf + "; did you mean 'family'?" + MODEL_NOTE, result.errorLines());
    }

    @Test
    void theFamilyIsGivenAsFamilyToTrainAndBenchAlike() {
        String train = Cli.run("train", "--help").out();
        String bench = Cli.run("bench", "--help").out();
        for (String option : new String[] {"--family=FAMILY", "--hidden=H", "--batch-size=N"}) {
            assertEquals(true, train.contains(option) && bench.contains(option.replace("FAMILY", "FAMILY[,FAMILY...]")),
                    option + " in train's and bench's help");
        }
    }

    private static String firstLine(Cli.Result result) {
        return result.errorLines().lines().findFirst().orElseThrow();
    }
}
