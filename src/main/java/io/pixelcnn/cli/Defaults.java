package io.pixelcnn.cli;

import io.pixelcnn.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.PropertiesDefaultProvider;

/**
 * Option defaults: {@code pixelcnn.conf} bundled in the jar (a copy of {@code conf/pixelcnn.conf}), overlaid
 * by the file given with {@code --conf}. Keys are the options' long names; the command line wins over both.
 */
final class Defaults {

    static final String BUNDLED = "/pixelcnn.conf";
    static final String CONF_OPTION = "--conf";

    private Defaults() {
    }

    /**
     * The conf file's values as option defaults, except for the options that name a saved model
     * ({@link ModelOption}'s {@code --model PATH}): the file's {@code model} key is {@code train}'s model
     * family, and a model to read must always be given.
     */
    static IDefaultValueProvider provider(Properties properties) {
        PropertiesDefaultProvider conf = new PropertiesDefaultProvider(properties);
        return arg -> arg.userObject() instanceof Field field && field.getDeclaringClass() == ModelOption.class
                ? null : conf.defaultValue(arg);
    }

    static Properties load(String[] args) {
        Properties properties = new Properties();
        try (InputStream in = Defaults.class.getResourceAsStream(BUNDLED)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + BUNDLED, e);
        }
        String file = confFile(args);
        if (file != null) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new InvalidConfigException(file + ": no such configuration file");
            }
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException e) {
                throw new InvalidConfigException(file + ": cannot read (" + e.getMessage() + ")");
            }
        }
        return properties;
    }

    /** The value of {@code --conf FILE} or {@code --conf=FILE}, found before picocli parses anything. */
    static String confFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONF_OPTION) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(CONF_OPTION + "=")) {
                return args[i].substring(CONF_OPTION.length() + 1);
            }
        }
        return null;
    }
}
