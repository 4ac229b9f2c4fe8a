package io.pixelcnn.sample;

import java.util.Locale;

/** How a sampling job writes its images: one PNG file each, or a Parquet table (index, seed, png). */
public enum SampleFormat {
    PNG, PARQUET;

    public static SampleFormat parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format must be png or parquet, got '" + name + "'");
        }
    }
}
