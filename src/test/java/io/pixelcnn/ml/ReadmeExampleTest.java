package io.pixelcnn.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "From a Spark program or notebook" example is {@link ReadmeExample}'s marked region, line
 * for line: the code a reader copies is code the test suite compiles against the real API.
 */
class ReadmeExampleTest {

    static final String SECTION = "## From a Spark program or notebook";
    private static final String BEGIN = "// README example begins";
    private static final String END = "// README example ends";

    @Test
    void theReadmesCodeBlockIsTheCompiledExample() throws IOException {
        assertEquals(exampleRegion(), readmeBlock());
    }

    /** The lines between the markers, without the method body's indentation. */
    static List<String> exampleRegion() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/io/pixelcnn/ml/ReadmeExample.java"));
        List<String> region = lines.subList(indexOf(lines, BEGIN) + 1, indexOf(lines, END));
        int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    /** The first {@code ```java} block of the section. */
    static List<String> readmeBlock() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int section = lines.indexOf(SECTION);
        assertTrue(section >= 0, "README.md has no section '" + SECTION + "'");
        int open = section + lines.subList(section, lines.size()).indexOf("```java");
        int close = open + lines.subList(open, lines.size()).indexOf("```");
        return lines.subList(open + 1, close);
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("ReadmeExample.java has no line '" + marker + "'");
    }
}
