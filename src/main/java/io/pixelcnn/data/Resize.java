package io.pixelcnn.data;

import java.util.Locale;

/** How an image is fitted to {@code --image-size} when its aspect ratio differs. */
public enum Resize {
    /** Scale the short side to fit, then cut the long side to the centre (torchvision's Resize + CenterCrop). */
    CROP,
    /** Scale the long side to fit, then pad the short side with black, centred. Keeps the whole image. */
    PAD,
    /** Scale each side on its own: keeps the whole image, distorts its proportions. */
    STRETCH;

    public static Resize parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("resize must be crop, pad or stretch, got '" + text + "'");
        }
    }

    /** The lower-case name used in options and configuration files. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
