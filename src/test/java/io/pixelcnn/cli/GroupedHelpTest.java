package io.pixelcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --help} shows every option in a section of its own kind, with a default that says something. */
class GroupedHelpTest {

    private static final Pattern HEADING = Pattern.compile("(?m)^([A-Z][^:\\n]*):$");

    @Test
    void everyOptionOfEveryCommandNamesItsGroup() {
        List<String> ungrouped = new ArrayList<>();
        for (CommandLine command : new CommandLine(new Main()).getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (GroupedOptionList.groupOf(option).isEmpty()) {
                    ungrouped.add(command.getCommandName() + " " + option.longestName());
                }
            }
        }
        assertEquals(List.of(), ungrouped, "options without @Grouped (add one line beside the @Option)");
    }

    @Test
    void trainShowsTheConfFilesGroupsInItsOrder() {
        Map<String, String> sections = sections(Cli.run("train", "--help").out());
        assertEquals(List.of("Data", "Model", "Training", "Run and report", "Help"), List.copyOf(sections.keySet()));
        assertTrue(sections.get("Data").contains("--train-data=PATH"), sections.get("Data"));
        assertTrue(sections.get("Data").contains("--record-shape=CxHxW"), "the storage options are data too");
        assertTrue(sections.get("Model").contains("--hidden=H"), sections.get("Model"));
        assertTrue(sections.get("Training").contains("--epochs=N"), sections.get("Training"));
        assertTrue(sections.get("Run and report").contains("--run-dir=DIR"), sections.get("Run and report"));
        assertTrue(sections.get("Run and report").contains("--report-samples=N"), sections.get("Run and report"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "sample", "score", "complete", "classify", "bench"})
    void everyOptionIsShownOnceUnderAHeadingAndNoDefaultIsBare(String command) {
        String help = Cli.run(command, "--help").out();
        String options = help.substring(help.indexOf("\n\n"));
        assertFalse(Pattern.compile("(?m)Default:\\s*$").matcher(help).find(), "a bare 'Default:' in\n" + help);
        assertFalse(options.contains("\nOther:"), "an option without a group in\n" + help);
        for (OptionSpec option : new CommandLine(new Main()).getSubcommands().get(command).getCommandSpec().options()) {
            String name = option.longestName();
            // an option's row begins, indented at most six, with its names; wrapped text is indented further
            // a negatable option's row shows it as --[no-]NAME
            String shown = option.negatable() ? name.replaceFirst("^--", "--[no-]") : name;
            long rows = Pattern.compile("(?m)^ {2,6}(-\\S, )?" + Pattern.quote(shown) + "(=|\\s|$)").matcher(options).results().count();
            assertEquals(1, rows, name + " listed once in\n" + help);
        }
    }

    @Test
    void aDefaultIsShownWhenItSaysSomethingAndLeftOutWhenBlank() {
        String help = Cli.run("train", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--epochs=N Passes over the training images. Default: 10"), help);
        assertTrue(help.contains("--record-shape=CxHxW Read the data as fixed-size binary records of this image shape, "
                + "e.g. 3x32x32 for CIFAR-10 (blank: not records). --record-label-bytes"), "blank: left out, " + help);
        assertFalse(help.contains("Default: null") || help.contains("Default: false"), help);
    }

    /** Heading to the text under it, in order. */
    private static Map<String, String> sections(String help) {
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher heading = HEADING.matcher(help);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (heading.find()) {
            names.add(heading.group(1));
            starts.add(new int[] {heading.start(), heading.end()});
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < names.size() ? starts.get(i + 1)[0] : help.length();
            sections.put(names.get(i), help.substring(starts.get(i)[1], end));
        }
        return sections;
    }
}
