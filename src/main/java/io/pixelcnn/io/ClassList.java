package io.pixelcnn.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes of a class-conditional run: a class's index is its place in the list (what the model's
 * one-hot input holds), its name is what users ask for ({@code sample --class shirt}), and its count is
 * how many training images carried it (the prior log p(y) of a generative classifier). Lives in
 * {@code io}, the lowest package that needs it: {@code data} builds it, a run saves it as
 * {@code classes.txt}, one line per class in index order, {@code NAME<TAB>COUNT}.
 */
public record ClassList(List<String> names, List<Long> counts) implements Serializable {

    private static final String HEADER = "# class-conditional run: one class per line in index order, NAME<TAB>"
            + "training images";

    public ClassList {
        names = List.copyOf(names);
        counts = List.copyOf(counts);
        if (names.size() != counts.size()) {
            throw new IllegalArgumentException(names.size() + " class names but " + counts.size() + " counts");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            // the file is line- and tab-separated, and a name is how a class is asked for: it must be one
            if (name.isEmpty() || name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("class name '" + name + "' is empty or holds a tab or line break");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("class name '" + name + "' is given twice");
            }
        }
    }

    public int size() {
        return names.size();
    }

    /** The index of the class named {@code name}, or -1. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** All training images counted, the denominator of the class frequencies. */
    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    /** The text of {@code classes.txt}. */
    public String toText() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < names.size(); i++) {
            text.append(names.get(i)).append('\t').append(counts.get(i)).append('\n');
        }
        return text.toString();
    }

    /** Reads what {@link #toText} wrote; {@code file} names the source in the one-line error. */
    public static ClassList parse(String text, String file) {
        List<String> names = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int tab = line.lastIndexOf('\t');
            try {
                if (tab <= 0) {
                    throw new NumberFormatException();
                }
                counts.add(Long.parseLong(line.substring(tab + 1)));
                names.add(line.substring(0, tab));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is not NAME<TAB>COUNT: '" + line + "'");
            }
        }
        try {
            return new ClassList(names, counts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
