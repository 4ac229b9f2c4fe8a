package io.pixelcnn.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Label files whose class names are known: recognised by the SHA-256 of their decompressed content, never
 * by their name (MNIST's and Fashion-MNIST's files have the same names, headers and sizes; only the bytes
 * tell them apart), so a recompressed copy is still recognised and no other file ever is.
 */
final class KnownLabelFiles {

    /** Fashion-MNIST's ten classes in index order, as its authors list them (Xiao, Rasul, Vollgraf 2017). */
    static final List<String> FASHION_MNIST = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The content hashes of Fashion-MNIST's train (60,000) and test (10,000) label files, header included. */
    private static final Map<String, List<String>> NAMES = Map.of(
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", FASHION_MNIST,
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", FASHION_MNIST);

    /** Label files this large or larger are not hashed: every known one is smaller. */
    static final long LARGEST = IdxLabelFile.HEADER_BYTES + 60_000;

    private KnownLabelFiles() {
    }

    /** The class names of the label file whose whole decompressed content is {@code content}; empty if unknown. */
    static List<String> namesOf(byte[] content) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            return NAMES.getOrDefault(hash, List.of());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
