package dev.taskledger.server.http;

import dev.taskledger.protocol.ProblemType;
import io.javalin.http.Context;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Query parameters and form fields (multipart/form-data or application/x-www-form-urlencoded), decoded strictly:
 * names and values are UTF-8 ({@link Utf8}), percent-escapes are well-formed, and anything else is a 400 naming
 * the parameter or field, never a value rewritten with U+FFFD or a parameter silently dropped. Jetty and Javalin
 * decode leniently, so the server reads only these.
 *
 * <p>Form bodies are limited like every other body ({@link HttpServer#MAX_BODY_BYTES}, 413 beyond) and to
 * {@link #MAX_FIELDS} fields (413 beyond); a multipart body that is not multipart is a 400. Every part of a
 * multipart body is a field, a part sent as a file ({@code curl -F note=@file.txt}) included.
 */
public final class FormFields {
    /** The most fields one form may have. */
    public static final int MAX_FIELDS = 1_000;
    private static final String QUERY_ATTRIBUTE = "taskledger.query";

    private FormFields() {}

    /** The query parameters (decoded once per request); 400 naming a parameter that is not UTF-8 or badly escaped. */
    public static Map<String, List<String>> query(Context ctx) {
        Map<String, List<String>> query = ctx.attribute(QUERY_ATTRIBUTE);
        if (query == null) {
            String raw = ctx.queryString();
            if (raw == null || raw.isEmpty()) {
                query = Map.of();
            } else if (raw.indexOf('\uFFFD') >= 0) {
                // Jetty puts U+FFFD where the request line had bytes that are not UTF-8; a real U+FFFD is sent as %EF%BF%BD
                throw HttpProblem.badRequest("the query string is not valid UTF-8 (percent-encode every byte that is not ASCII)");
            } else {
                query = urlencoded(raw.getBytes(StandardCharsets.UTF_8), "query parameter", Integer.MAX_VALUE);
            }
            ctx.attribute(QUERY_ATTRIBUTE, query);
        }
        return query;
    }

    /** True when the body is a form (multipart or urlencoded), whatever the method. */
    public static boolean isForm(Context ctx) {
        String type = mediaType(ctx);
        return type.equals("multipart/form-data") || type.equals("application/x-www-form-urlencoded");
    }

    /** The fields of a form body; empty when the body is not a form. */
    public static Map<String, List<String>> body(Context ctx) {
        String type = mediaType(ctx);
        if (type.equals("application/x-www-form-urlencoded")) {
            return urlencoded(Bodies.read(ctx, HttpServer.MAX_BODY_BYTES), "form field", MAX_FIELDS);
        }
        if (type.equals("multipart/form-data")) {
            return multipart(Bodies.read(ctx, HttpServer.MAX_BODY_BYTES), ctx.contentType());
        }
        return Map.of();
    }

    /** {@code name=value&...} with {@code +} for space and {@code %XX} escapes; {@code kind} names a field in errors. */
    static Map<String, List<String>> urlencoded(byte[] raw, String kind, int maxFields) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int count = 0;
        int start = 0;
        while (start <= raw.length) {
            int end = indexOf(raw, (byte) '&', start);
            if (end > start) {
                if (++count > maxFields) {
                    throw tooManyFields();
                }
                int equals = indexOf(raw, (byte) '=', start);
                int nameEnd = equals < end ? equals : end;
                String name = percentDecoded(raw, start, nameEnd, kind, null);
                String value = nameEnd < end ? percentDecoded(raw, nameEnd + 1, end, kind, name) : "";
                fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            start = end + 1;
        }
        return unmodifiable(fields);
    }

    private static String percentDecoded(byte[] raw, int from, int to, String kind, String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                int hi = i + 2 < to ? Character.digit(raw[i + 1], 16) : -1;
                int lo = i + 2 < to ? Character.digit(raw[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw HttpProblem.badRequest(where(kind, name) + " has a malformed %-escape (% must be followed by two hex digits)");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        String text = Utf8.decodeOrNull(bytes.toByteArray());
        if (text == null) {
            throw HttpProblem.badRequest(where(kind, name) + " is not valid UTF-8");
        }
        return text;
    }

    private static String where(String kind, String name) {
        return name == null ? "a " + kind + " name" : kind + " '" + name + "'";
    }

    /** RFC 7578 parts, parsed by Jetty from the body already read; each part's content must be UTF-8. */
    static Map<String, List<String>> multipart(byte[] body, String contentType) {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw HttpProblem.badRequest("a multipart/form-data body needs a boundary parameter in its Content-Type");
        }
        if (delimiters(body, boundary) - 1 > MAX_FIELDS) { // the last delimiter closes the body
            throw tooManyFields();
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(MAX_FIELDS);
        parser.setMaxLength(body.length);
        parser.setMaxMemoryFileSize(body.length + 1L); // every part in memory, none written to a file
        parser.setUseFilesForPartsWithoutFileName(false);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        try (MultiPartFormData.Parts parts = parser.parse(Content.Source.from(ByteBuffer.wrap(body))).join()) {
            for (MultiPart.Part part : parts) {
                if (part.getName() == null) {
                    continue;
                }
                ByteBuffer content = Content.Source.asByteBuffer(part.getContentSource());
                byte[] bytes = new byte[content.remaining()];
                content.get(bytes);
                String value = Utf8.decodeOrNull(bytes);
                if (value == null) {
                    throw HttpProblem.badRequest("form field '" + part.getName() + "' is not valid UTF-8");
                }
                fields.computeIfAbsent(part.getName(), n -> new ArrayList<>()).add(value);
            }
        } catch (CompletionException | IOException | IllegalStateException | IllegalArgumentException e) {
            throw HttpProblem.badRequest("the multipart/form-data body is malformed (curl -F builds a valid one)");
        }
        return unmodifiable(fields);
    }

    /** How often the delimiter {@code --boundary} starts a line of {@code body}. */
    private static int delimiters(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int count = 0;
        for (int i = indexOf(body, delimiter, 0); i < body.length; i = indexOf(body, delimiter, i + delimiter.length)) {
            if (i == 0 || body[i - 1] == '\n') {
                count++;
            }
        }
        return count;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    private static int indexOf(byte[] bytes, byte[] sought, int from) {
        outer:
        for (int i = from; i <= bytes.length - sought.length; i++) {
            for (int j = 0; j < sought.length; j++) {
                if (bytes[i + j] != sought[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return bytes.length;
    }

    private static HttpProblem tooManyFields() {
        return new HttpProblem(ProblemType.PAYLOAD_TOO_LARGE, "a form may have at most " + MAX_FIELDS + " fields");
    }

    private static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, List<String>> unmodifiable(Map<String, List<String>> fields) {
        fields.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return Collections.unmodifiableMap(fields);
    }
}
