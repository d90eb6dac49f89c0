package dev.taskledger.common;

/**
 * The rule every text a client sends meets before it is stored: it is well-formed Unicode, so it can be encoded as
 * UTF-8 and stored exactly as sent. A Java string can hold an unpaired UTF-16 surrogate (JSON's {@code "\udc00"}
 * decodes to one), which no database column holds: drivers turned it into {@code ?}, so two different values
 * became one, and the answer then failed to encode after the write had committed. Such text is refused (422
 * naming the field) before anything is written.
 *
 * <p>JSON text (payloads, metadata, results) is checked in the same way, including {@code \\u} escapes inside
 * its strings and member names, and its nesting is bounded (see {@link #requireJson}).
 */
public final class Text {
    private Text() {}

    /** {@code value} (may be null) unchanged; 422 naming {@code field} when it holds an unpaired surrogate. */
    public static String requireWellFormed(String field, String value) {
        if (value != null && firstUnpairedSurrogate(value) >= 0) {
            throw unpaired(field);
        }
        return value;
    }

    /**
     * {@code json} (syntactically valid JSON text, may be null) unchanged; 422 naming {@code field} when a string
     * in it holds an unpaired surrogate (as a character or a {@code \\u} escape) or when it nests objects and
     * arrays more than {@code maxDepth} deep ({@code {}} and {@code []} are depth 1, a scalar depth 0).
     */
    public static String requireJson(String field, String json, int maxDepth) {
        if (json == null) {
            return null;
        }
        int depth = 0;
        boolean inString = false;
        boolean highPending = false; // the previous UTF-16 unit of the current string was a high surrogate
        int n = json.length();
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            if (!inString) {
                if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    if (++depth > maxDepth) {
                        throw ServiceException.invalid(field + " nests objects and arrays more than " + maxDepth
                                + " levels deep");
                    }
                } else if (c == '}' || c == ']') {
                    depth--;
                }
                continue;
            }
            char unit;
            if (c == '"') {
                if (highPending) {
                    throw unpaired(field);
                }
                inString = false;
                continue;
            } else if (c == '\\') {
                char escaped = ++i < n ? json.charAt(i) : ' ';
                if (escaped == 'u' && i + 4 < n) {
                    unit = hexUnit(json, i + 1);
                    i += 4;
                } else {
                    unit = escaped; // \n, \", \\ and the like: never a surrogate
                }
            } else {
                unit = c;
            }
            if (Character.isHighSurrogate(unit)) {
                if (highPending) {
                    throw unpaired(field);
                }
                highPending = true;
            } else if (Character.isLowSurrogate(unit)) {
                if (!highPending) {
                    throw unpaired(field);
                }
                highPending = false;
            } else if (highPending) {
                throw unpaired(field);
            }
        }
        return json;
    }

    /** The index of the first unpaired surrogate in {@code s}, or -1 when it is well-formed. */
    public static int firstUnpairedSurrogate(CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} with every unpaired surrogate replaced by U+FFFD: for echoing a refused value in a message. */
    public static String printable(String s) {
        if (s == null || firstUnpairedSurrogate(s) < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** The UTF-16 unit of the four hex digits at {@code start} (a {@code \\u} escape); U+0000 when they are not hex. */
    private static char hexUnit(String json, int start) {
        int unit = 0;
        for (int i = start; i < start + 4; i++) {
            int digit = Character.digit(json.charAt(i), 16);
            if (digit < 0) {
                return 0;
            }
            unit = unit * 16 + digit;
        }
        return (char) unit;
    }

    private static ServiceException unpaired(String field) {
        return ServiceException.invalid(field + " is not valid Unicode: it holds an unpaired UTF-16 surrogate"
                + " (U+D800 to U+DFFF without its partner)");
    }
}
