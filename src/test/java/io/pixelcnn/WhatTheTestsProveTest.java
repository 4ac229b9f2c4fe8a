package io.pixelcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "What the tests prove" names a test for every claim: each named test class exists in
 * src/test/java, and each named method ({@code Class#method}) is a method of it. Renaming or deleting a
 * test without correcting the list fails here.
 */
class WhatTheTestsProveTest {

    private static final String HEADING = "## What the tests prove";
    private static final Pattern NAMED = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))(?:#([a-z][A-Za-z0-9]*))?`");

    @Test
    void everyClaimNamesTestsThatExist() throws IOException {
        List<String> claims = claims(Files.readString(Path.of("README.md")));
        assertTrue(claims.size() >= 10, "claims listed: " + claims);
        Map<String, Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toMap(
                    f -> f.getFileName().toString().replace(".java", ""), Function.identity(), (a, b) -> a));
        }
        List<String> missing = new ArrayList<>();
        for (String claim : claims) {
            Matcher named = NAMED.matcher(claim);
            int tests = 0;
            while (named.find()) {
                tests++;
                Path source = sources.get(named.group(1));
                if (source == null) {
                    missing.add(named.group() + ": no such test class");
                } else if (named.group(2) != null && !Pattern.compile("void " + named.group(2) + "\\(")
                        .matcher(read(source)).find()) {
                    missing.add(named.group() + ": no such method in " + source);
                }
            }
            if (tests == 0) {
                missing.add("names no test: " + claim);
            }
        }
        assertEquals(List.of(), missing);
    }

    /** The section's bullets, each joined into one line. */
    static List<String> claims(String readme) {
        int start = readme.indexOf("\n" + HEADING + "\n");
        assertTrue(start >= 0, "the README has a section " + HEADING);
        int end = readme.indexOf("\n## ", start + HEADING.length());
        List<String> claims = new ArrayList<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (line.startsWith("- ")) {
                claims.add(line.substring(2));
            } else if (line.startsWith("  ") && !claims.isEmpty()) {
                claims.set(claims.size() - 1, claims.get(claims.size() - 1) + " " + line.trim());
            }
        }
        return claims;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
