package io.pixelcnn.cli;

import io.pixelcnn.config.BundledDefaults;
import io.pixelcnn.config.InvalidConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.PropertiesDefaultProvider;

/**
 * Option defaults: {@code pixelcnn.conf} bundled in the jar (a copy of {@code conf/pixelcnn.conf}), overlaid
 * by the file given with {@code --conf}. Keys are the options' long names; the command line wins over both.
 */
final class Defaults {

    static final String CONF_OPTION = "--conf";
    /**
     * Options that are no configuration: a file cannot ask for help or name another file, nor name the model
     * to read (evaluate's, sample's, score's and complete's {@code --model PATH}: always given), nor let every
     * command replace outputs: --overwrite is said on the command line, beside the output it replaces.
     */
    private static final Set<String> NOT_KEYS = Set.of("help", "version", CONF_OPTION.substring(2), "model", "overwrite");

    private Defaults() {
    }

    /** The conf file's values as option defaults (no key names a model to read: see {@link #NOT_KEYS}). */
    static IDefaultValueProvider provider(Properties properties) {
        return new PropertiesDefaultProvider(properties);
    }

    /**
     * The bundled defaults with the {@code --conf} file's keys laid over them. A key that is no option of any
     * command (a typo: {@code epoch=3}) would be ignored without a word, so it stops the command instead,
     * naming the known key it most likely meant.
     */
    static Properties load(String[] args, Set<String> knownKeys) {
        Properties properties = BundledDefaults.load();
        requireKnown(properties, knownKeys, "the bundled conf/pixelcnn.conf");
        String file = confFile(args);
        if (file != null) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new InvalidConfigException(file + ": no such configuration file");
            }
            Properties given = new Properties();
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                given.load(in);
            } catch (IOException e) {
                throw new InvalidConfigException(file + ": cannot read (" + e.getMessage() + ")");
            }
            requireKnown(given, knownKeys, file);
            properties.putAll(given);
        }
        return properties;
    }

    /** The keys a conf file may hold: the long option names of every command (without the dashes). */
    static Set<String> keysOf(CommandLine root) {
        Set<String> keys = new TreeSet<>();
        for (CommandLine command : root.getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                keys.add(option.longestName().replaceFirst("^--?", ""));
            }
        }
        keys.removeAll(NOT_KEYS);
        return keys;
    }

    private static void requireKnown(Properties properties, Set<String> knownKeys, String file) {
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!knownKeys.contains(key)) {
                Optional<String> renamed = RenamedOptions.newName(key, knownKeys);
                throw new InvalidConfigException("unknown key '" + key + "' in " + file + renamed.or(() -> Closest.among(key, knownKeys))
                        .map(known -> "; did you mean '" + known + "'?" + (renamed.isPresent() ? RenamedOptions.note(key) : ""))
                        .orElse(": the keys are the commands' long option names, as in conf/pixelcnn.conf"));
            }
        }
    }

    /**
     * The value of {@code --conf FILE} or {@code --conf=FILE}, found before picocli parses anything; the last
     * one given, as for every other option.
     */
    static String confFile(String[] args) {
        String file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONF_OPTION) && i + 1 < args.length) {
                file = args[i + 1];
            } else if (args[i].startsWith(CONF_OPTION + "=")) {
                file = args[i].substring(CONF_OPTION.length() + 1);
            }
        }
        return file;
    }
}
