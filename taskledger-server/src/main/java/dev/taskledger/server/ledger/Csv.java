package dev.taskledger.server.ledger;

import dev.taskledger.common.ServiceException;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, both ways. Reading: fields separated by commas, records by CRLF or LF; a field in double
 * quotes may hold commas, quotes (doubled) and line breaks. A quote inside an unquoted field is kept as a
 * character (lenient); text after a closing quote other than a separator is an error. Writing quotes a field
 * only when it needs it.
 */
final class Csv {
    private Csv() {}

    /** Appends {@code value} as one CSV field (quoted when it holds a comma, quote, CR or LF). */
    static void appendField(StringBuilder out, String value) {
        if (value == null) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c);
            if (c == '"') {
                out.append('"');
            }
        }
        out.append('"');
    }

    /** Reads records one at a time from a character stream (which it does not close). */
    static final class Reader {
        private final java.io.Reader in;
        private int pushedBack = -2;
        private final int firstRow;
        private int records;
        private boolean first = true;

        /** {@code firstRow} is the number errors give the first record (0 when it is a header, so data rows count from 1). */
        Reader(java.io.Reader in, int firstRow) {
            this.in = in;
            this.firstRow = firstRow;
        }

        /** The row number of the record {@link #next()} returned last. */
        int row() {
            return firstRow + records - 1;
        }

        /** The next record's fields, or null at the end of the input. An empty line is a record of one empty field. */
        List<String> next() throws IOException {
            int c = read();
            if (first) {
                first = false;
                if (c == '\uFEFF') { // a byte-order mark some spreadsheet programs write
                    c = read();
                }
            }
            if (c == -1) {
                return null;
            }
            records++;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            while (true) {
                if (c == '"' && field.isEmpty()) {
                    c = quoted(field);
                } else {
                    while (c != -1 && c != ',' && c != '\n' && c != '\r') {
                        field.append((char) c);
                        c = read();
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                if (c == ',') {
                    c = read();
                    continue;
                }
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        pushedBack = n;
                    }
                }
                return fields;
            }
        }

        /** Reads a quoted field's content after its opening quote; returns the character after the closing quote. */
        private int quoted(StringBuilder field) throws IOException {
            while (true) {
                int c = read();
                if (c == -1) {
                    throw ServiceException.badRequest("CSV row " + row() + ": a quoted field is not closed");
                }
                if (c == '"') {
                    int n = read();
                    if (n != '"') {
                        if (n != -1 && n != ',' && n != '\r' && n != '\n') {
                            throw ServiceException.badRequest("CSV row " + row()
                                    + ": unexpected character after a closing quote (quotes inside a quoted field are doubled)");
                        }
                        return n;
                    }
                }
                field.append((char) c);
            }
        }

        private int read() throws IOException {
            if (pushedBack != -2) {
                int c = pushedBack;
                pushedBack = -2;
                return c;
            }
            return in.read();
        }
    }
}
