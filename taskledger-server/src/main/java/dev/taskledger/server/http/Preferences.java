package dev.taskledger.server.http;

import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Prefer} request header (RFC 7240): a comma-separated list of preferences {@code name[=value]}, each
 * with optional {@code ;parameters}, possibly over several header lines. Names compare case-insensitively, values
 * may be quoted, and only the first occurrence of a name counts. A preference the server does not know is ignored.
 */
public final class Preferences {
    private static final String PREFER = "Prefer";
    private static final String RETURN = "return";

    private Preferences() {}

    /** Whether the request prefers {@code return=minimal}: an answer without the full representation. */
    public static boolean returnMinimal(Context ctx) {
        return "minimal".equals(value(Collections.list(ctx.req().getHeaders(PREFER)), RETURN));
    }

    /** The value of the first preference {@code name} in these header lines ("" when it has none); null when absent. */
    static String value(List<String> headerLines, String name) {
        for (String line : headerLines) {
            for (String preference : splitOutsideQuotes(line, ',')) {
                String first = splitOutsideQuotes(preference, ';').getFirst().trim();
                int eq = first.indexOf('=');
                String key = (eq < 0 ? first : first.substring(0, eq)).trim();
                if (key.toLowerCase(Locale.ROOT).equals(name)) {
                    return eq < 0 ? "" : unquoted(first.substring(eq + 1).trim());
                }
            }
        }
        return null;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String unquoted(String word) {
        if (word.length() < 2 || word.charAt(0) != '"' || word.charAt(word.length() - 1) != '"') {
            return word;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < word.length() - 1; i++) {
            char c = word.charAt(i);
            if (c == '\\' && i + 1 < word.length() - 1) {
                c = word.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
