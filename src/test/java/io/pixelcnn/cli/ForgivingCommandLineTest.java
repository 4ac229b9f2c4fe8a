package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcnn.testing.JavaProcess;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What a mistyped command line meets: an unknown key in a conf file stops the command with one line naming
 * it and the key it most likely meant (it would otherwise be ignored); an unknown option or command gets
 * the closest known one; a repeated option takes its last value, as spark-submit's do; the pointer to
 * {@code --help} names the program as the user called it. No Spark is started: milliseconds each.
 */
class ForgivingCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownKeyInAConfFileIsOneLineNamingTheClosestKnownKey() throws Exception {
        Path conf = Files.writeString(dir.resolve("my.conf"), "batch-size=8\nepoch=3\n");
        Cli.Result result = Cli.run("train", "--conf", conf.toString(), "--run-dir", dir.resolve("run").toString());
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertEquals("error: unknown key 'epoch' in " + conf + "; did you mean 'epochs'?", result.errorLines());
        assertFalse(Files.exists(dir.resolve("run")), "nothing started");
        // any command reads the file, so any command refuses it
        assertEquals(ExitCodes.USAGE, Cli.run("evaluate", "--conf", conf.toString(), "--model", "x").exitCode());
    }

    @Test
    void aKeyLikeNoneIsNamedWithWhereTheKeysAre() throws Exception {
        Path conf = Files.writeString(dir.resolve("far.conf"), "colour-depth=12\n");
        Cli.Result result = Cli.run("train", "--conf", conf.toString(), "--help");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals("error: unknown key 'colour-depth' in " + conf
                + ": the keys are the commands' long option names, as in conf/pixelcnn.conf", result.errorLines());
    }

    @Test
    void theBundledConfHoldsOnlyKnownKeysAndEveryCommandsOptionIsAKey() throws Exception {
        Set<String> known = Defaults.keysOf(new CommandLine(new Main()));
        Properties bundled = Defaults.load(new String[0], known);
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("conf/pixelcnn.conf"))) {
            file.load(in);
        }
        assertEquals(file, bundled, "the jar bundles conf/pixelcnn.conf");
        assertTrue(known.containsAll(file.stringPropertyNames()), known.toString());
        // evaluate's, sample's and score's own options are keys too, as the defaults provider reads them
        assertTrue(known.containsAll(List.of("limit", "n", "sample-batch", "out")), known.toString());
        assertFalse(known.contains("help") || known.contains("conf"), known.toString());
    }

    @Test
    void anUnknownOptionSuggestsTheClosestOption() {
        Cli.Result result = Cli.run("train", "--run-dir", dir.resolve("run").toString(), "--epoch", "1");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals(List.of("error: unknown option '--epoch'; did you mean --epochs?",
                "Try 'pixelcnn train --help' for the options."), result.errorLines().lines().toList());
        assertEquals("error: unknown option '--learning-rat'; did you mean --learning-rate?",
                firstLine(Cli.run("train", "--learning-rat=0.1")));
        assertEquals("error: unknown option '--modle'; did you mean --model?",
                firstLine(Cli.run("evaluate", "--modle", "runs/x")));
        assertFalse(Files.exists(dir.resolve("run")));
    }

    @Test
    void anOptionLikeNoneIsNamedAlone() {
        assertEquals("error: unknown option '--bogus'", firstLine(Cli.run("train", "--run-dir", "x", "--bogus", "1")));
    }

    @Test
    void anUnknownCommandSuggestsTheClosestCommand() {
        Cli.Result result = Cli.run("evalute", "--model", "runs/x");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals(List.of("error: unknown command 'evalute'; did you mean evaluate?",
                "Try 'pixelcnn --help' for the options."), result.errorLines().lines().toList());
        assertEquals("error: unknown command 'fit': the commands are train, evaluate, sample, score, complete, classify, bench",
                firstLine(Cli.run("fit")));
    }

    @Test
    void aRepeatedOptionTakesItsLastValue() throws Exception {
        String run = dir.resolve("run").toString();
        // the first --epochs (0) would be refused before --batch-size: the last of each is what counts
        Cli.Result result = Cli.run("train", "--run-dir", run, "--epochs", "0", "--epochs", "2", "--batch-size", "3",
                "--batch-size", "0");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals("error: batch-size must be at least 1, got 0", firstLine(result));
        // and of two --conf files the last one is read
        Path first = Files.writeString(dir.resolve("first.conf"), "batch-size=5\n");
        Path last = Files.writeString(dir.resolve("last.conf"), "batch-size=7\n");
        String help = Cli.run("train", "--conf", first.toString(), "--conf=" + last, "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("Images per minibatch on each worker. Default: 7"), help);
    }

    @Test
    void theHintsNameTheProgramTheUserTyped() throws Exception {
        Path log = dir.resolve("child.log");
        JavaProcess.Result result = JavaProcess.run(List.of("-Xmx256m"), Map.of(ProgramName.VARIABLE, "submit/local.sh"),
                Main.class, List.of("train", "--epoch", "1"), log, 60);
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.output());
        assertEquals(List.of("error: unknown option '--epoch'; did you mean --epochs?",
                "Try 'submit/local.sh train --help' for the options."), result.output().strip().lines().toList());
    }

    @Test
    void javaDashJarIsRecognisedFromTheJvmsCommand() {
        Path jar = Path.of("target/pixelcnn-spark.jar").toAbsolutePath();
        assertEquals("java -jar target/pixelcnn-spark.jar",
                ProgramName.javaJar("target/pixelcnn-spark.jar train --epochs 1", jar).orElseThrow());
        assertEquals("java -jar " + jar, ProgramName.javaJar(jar + " evaluate", jar).orElseThrow());
        // another jar (surefire's booter, a launcher) is not this program
        assertTrue(ProgramName.javaJar("/tmp/surefirebooter1.jar /tmp/x", jar).isEmpty());
        assertTrue(ProgramName.javaJar("io.pixelcnn.cli.Main train", jar).isEmpty());
    }

    @Test
    void closestWordsAreFoundAndFarOnesAreNot() {
        assertEquals("epochs", Closest.among("epoch", Set.of("epochs", "seed", "blocks")).orElseThrow());
        assertEquals("hidden", Closest.among("hiddne", List.of("hidden", "blocks")).orElseThrow(), "a swap is one edit");
        assertTrue(Closest.among("zzz", List.of("seed", "n")).isEmpty());
        assertEquals(1, Closest.distance("evalute", "evaluate"));
    }

    private static String firstLine(Cli.Result result) {
        return result.err().lines().findFirst().orElseThrow();
    }
}
