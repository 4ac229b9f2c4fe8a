package io.pixelcnn.data;

import io.pixelcnn.io.ClassList;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes a labelled dataset holds, decided on the driver from the labels one pass counted (see
 * {@link DatasetSummary}): their names and training counts ({@link ClassList}), and the class index of
 * each label as the executors carried it. Deciding after counting, rather than before reading, keeps
 * loading one pass: folder names and column values are not known until the images are read.
 */
final class LabelClasses implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ClassList list;
    private final HashMap<String, Integer> indexOfLabel;

    private LabelClasses(ClassList list, HashMap<String, Integer> indexOfLabel) {
        this.list = list;
        this.indexOfLabel = indexOfLabel;
    }

    /**
     * The classes of {@code counts} (label to images), ordered as {@code order} says; {@code given} names the
     * class indices of an {@link ClassOrder#INDEX} source ({@code location} names it in the one-line error
     * when a label has no name).
     */
    static LabelClasses of(Map<String, Long> counts, ClassOrder order, List<String> given, String location) {
        return order == ClassOrder.INDEX ? indexed(counts, given, location) : sorted(counts, order);
    }

    /** IDX labels and record bytes are indices: classes 0..largest, a class no image carries counted 0. */
    private static LabelClasses indexed(Map<String, Long> counts, List<String> given, String location) {
        int largest = counts.keySet().stream().mapToInt(Integer::parseInt).max().orElse(-1);
        if (!given.isEmpty() && largest >= given.size()) {
            throw new BadInputException(String.format("%s: label %d, but the class names name %d classes (0..%d)",
                    location, largest, given.size(), given.size() - 1));
        }
        int classes = given.isEmpty() ? largest + 1 : given.size();
        List<String> names = new ArrayList<>(classes);
        List<Long> perClass = new ArrayList<>(classes);
        HashMap<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes; k++) {
            String label = Integer.toString(k);
            names.add(given.isEmpty() ? label : given.get(k));
            perClass.add(counts.getOrDefault(label, 0L));
            index.put(label, k);
        }
        return new LabelClasses(new ClassList(names, perClass), index);
    }

    private static LabelClasses sorted(Map<String, Long> counts, ClassOrder order) {
        Comparator<String> comparator = order == ClassOrder.NUMBER ? Comparator.comparingLong(Long::parseLong)
                : Comparator.naturalOrder();
        List<String> names = counts.keySet().stream().sorted(comparator).toList();
        HashMap<String, Integer> index = new HashMap<>();
        List<Long> perClass = new ArrayList<>(names.size());
        for (String name : names) {
            index.put(name, index.size());
            perClass.add(counts.get(name));
        }
        return new LabelClasses(new ClassList(names, perClass), index);
    }

    ClassList list() {
        return list;
    }

    /** The class index of a label the source read. */
    int index(String label) {
        Integer index = indexOfLabel.get(label);
        if (index == null) { // every usable image was counted, so this is a bug, not bad input
            throw new IllegalStateException("label '" + label + "' was not counted");
        }
        return index;
    }
}
