package io.pixelcnn.data;

/** One line of RFC 4180 CSV: fields quoted when they hold a comma, a quote or a line break. */
final class Csv {

    private Csv() {
    }

    static String row(String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            String field = fields[i] == null ? "" : fields[i];
            if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        return line.append('\n').toString();
    }
}
