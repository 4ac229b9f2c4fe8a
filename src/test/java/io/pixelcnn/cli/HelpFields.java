package io.pixelcnn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fields of a command's JSON output that its {@code --help} does not explain: a top-level field needs a
 * row of its own (two spaces, the name, its meaning), a field nested in one (least_likely's image) at least
 * its name as a word.
 */
final class HelpFields {

    private HelpFields() {
    }

    static List<String> unexplained(String json, String help) throws Exception {
        JsonNode root = new ObjectMapper().readTree(json);
        List<String> missing = new ArrayList<>();
        root.fieldNames().forEachRemaining(field -> {
            if (!Pattern.compile("(?m)^  " + Pattern.quote(field) + " +\\S").matcher(help).find()) {
                missing.add(field);
            }
            for (JsonNode element : root.get(field)) {
                element.fieldNames().forEachRemaining(nested -> {
                    if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(nested) + "(?![\\w-])").matcher(help).find()) {
                        missing.add(field + "." + nested);
                    }
                });
            }
        });
        return missing;
    }

    /** A row per name (for a CSV header's columns), as for a top-level JSON field. */
    static List<String> unexplainedColumns(String header, String help) {
        List<String> missing = new ArrayList<>();
        for (String column : header.split(",")) {
            if (!Pattern.compile("(?m)^  " + Pattern.quote(column) + " +\\S").matcher(help).find()) {
                missing.add(column);
            }
        }
        return missing;
    }
}
