package dev.windsurf.data.migration.cli;

import java.util.ArrayList;
import java.util.List;

/** A table of text with aligned columns, two spaces apart, for people. Not thread-safe. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    TextTable(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    TextTable row(String... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " values, got " + values.length);
        }
        rows.add(values);
        return this;
    }

    String render() {
        return render(true);
    }

    /** The rows without the header line. */
    String renderRows() {
        return render(false);
    }

    private String render(boolean header) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i] == null ? 0 : row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : header ? rows : rows.subList(1, rows.size())) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String value = row[i] == null ? "" : row[i];
                line.append(value);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - value.length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
