package io.pixelcnn.cli;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's options in the sections of {@link OptionGroup}, each under its heading, in declaration order,
 * each with its default on a line of its own. A default is shown only when it says something: not for
 * flags, nor when it is blank or absent (the description then says what that means: "blank: not records").
 */
final class GroupedOptionList implements CommandLine.IHelpSectionRenderer {

    /** Puts the grouped list in place of picocli's flat one, for {@code command} and all its subcommands. */
    static void install(CommandLine command) {
        command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, new GroupedOptionList());
        command.getSubcommands().values().forEach(GroupedOptionList::install);
    }

    /** The section of {@code option}: its field's {@link Grouped}, {@link OptionGroup#HELP} for -h and -V; empty if it names none. */
    static Optional<OptionGroup> groupOf(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp()) {
            return Optional.of(OptionGroup.HELP);
        }
        return option.userObject() instanceof Field field && field.isAnnotationPresent(Grouped.class)
                ? Optional.of(field.getAnnotation(Grouped.class).value()) : Optional.empty();
    }

    /** The default as the help shows it, or empty when there is none worth showing. */
    static Optional<String> shownDefault(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp() || option.arity().max() == 0) {
            return Optional.empty();
        }
        String value = option.defaultValueString();
        return value == null || value.isBlank() || value.equals("null") ? Optional.empty() : Optional.of(value);
    }

    @Override
    public String render(Help help) {
        List<OptionSpec> options = help.commandSpec().options();
        Map<OptionGroup, List<OptionSpec>> groups = new EnumMap<>(OptionGroup.class);
        List<OptionSpec> ungrouped = new ArrayList<>();
        for (OptionSpec option : options) {
            if (option.hidden()) {
                continue;
            }
            groupOf(option).ifPresentOrElse(g -> groups.computeIfAbsent(g, k -> new ArrayList<>()).add(option),
                    () -> ungrouped.add(option));
        }
        StringBuilder text = new StringBuilder();
        groups.forEach((group, members) -> text.append(section(help, group.heading(), members)));
        if (!ungrouped.isEmpty()) {
            // never dropped from the help: shown, under a heading that asks for a group
            text.append(section(help, "Other", ungrouped));
        }
        return text.toString();
    }

    private static String section(Help help, String heading, List<OptionSpec> members) {
        // laid out for all the command's options, so that every section's columns line up
        Help.Layout widths = help.createDefaultLayout(help.commandSpec().options(), List.of(), help.colorScheme());
        Help.Layout layout = new Help.Layout(help.colorScheme(), widths.textTable(),
                withDefaults(help.createDefaultOptionRenderer(), help.colorScheme()), widths.parameterRenderer());
        return String.format("%n%s:%n", heading)
                + help.optionListExcludingGroups(members, layout, null, help.parameterLabelRenderer());
    }

    /** picocli's rows for an option, with a last row "Default: value" when the default says something. */
    private static Help.IOptionRenderer withDefaults(Help.IOptionRenderer rows, Help.ColorScheme scheme) {
        return (option, labels, colors) -> {
            Text[][] rendered = rows.render(option, labels, colors);
            Optional<String> value = shownDefault(option);
            if (value.isEmpty()) {
                return rendered;
            }
            Text[][] withDefault = Arrays.copyOf(rendered, rendered.length + 1);
            Text blank = scheme.text("");
            withDefault[rendered.length] = new Text[] {blank, blank, blank, blank, scheme.text("  Default: " + value.get())};
            return withDefault;
        };
    }
}
