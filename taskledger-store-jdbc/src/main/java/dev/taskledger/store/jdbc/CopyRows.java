package dev.taskledger.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rows in the text format of {@code COPY ... FROM STDIN}: one line per row, columns separated by tabs, NULL as
 * {@code \N}, and backslash, tab, newline and carriage return escaped with a backslash. Each value is first the
 * text its column reads ({@link Dialect#copyText}).
 */
final class CopyRows {
    private CopyRows() {}

    /** {@code rows}' values of {@code columns}, in that order, as COPY's text; UTF-8. */
    static byte[] of(List<String> columns, List<Params> rows, Dialect d) {
        StringBuilder out = new StringBuilder(rows.size() * 256);
        for (Params row : rows) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    out.append('\t');
                }
                String text = d.copyText(row.value(columns.get(c)));
                if (text == null) {
                    out.append("\\N");
                } else {
                    escape(text, out);
                }
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
