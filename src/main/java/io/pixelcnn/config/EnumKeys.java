package io.pixelcnn.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A configuration key whose value names one constant of an enum, written in lower case
 * ({@code adam-memory=images}): the one place the spelling and the "must be one of" message live.
 */
final class EnumKeys {

    private EnumKeys() {
    }

    /** How {@code constant} is written as a configuration value. */
    static String key(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} that {@code value} names, in any case; otherwise an
     * IllegalArgumentException naming {@code configKey} and the choices, to which its reader adds where the
     * value came from (a flag, or a file: {@code JobConfig} prefixes the file).
     */
    static <E extends Enum<E>> E parse(Class<E> type, String configKey, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configKey + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(EnumKeys::key).collect(Collectors.joining(", "))
                    + ", got '" + value + "'");
        }
    }
}
