package io.pixelcnn.data;

import java.util.Locale;

/** What happens to a malformed image, in the terms of Spark's own readers ({@code mode} of DataFrameReader). */
public enum ReadMode {
    /** Stop at the first malformed image with one line naming it. */
    FAILFAST,
    /** Skip malformed images, count them, list them with their reasons; stop if there are too many. */
    DROPMALFORMED;

    public static ReadMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("mode must be FAILFAST or DROPMALFORMED, got '" + text + "'");
        }
    }
}
