package io.pixelcnn.data;

import java.io.Serializable;
import java.util.Locale;

/** A target image size, {@code HxW} on the command line ({@code --image-size 32x32}). */
public record ImageSize(int height, int width) implements Serializable {

    public ImageSize {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image-size must be positive, got " + height + "x" + width);
        }
    }

    /** {@code "HxW"}, or null for a blank value (images are used at the size they have). */
    public static ImageSize parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] sides = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (sides.length == 2) {
                return new ImageSize(Integer.parseInt(sides[0].trim()), Integer.parseInt(sides[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("image-size must be HxW such as 32x32, got '" + text + "'");
    }

    public ImageShape withChannels(int channels) {
        return new ImageShape(channels, height, width);
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
