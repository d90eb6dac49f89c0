package dev.taskledger.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.taskledger.protocol.Json;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decodes JSON request bodies into protocol DTOs: at most {@link HttpServer#MAX_BODY_BYTES} (413 beyond,
 * judged on Content-Length and on the bytes actually read), 400 when the body is not JSON (bytes that are not
 * UTF-8 included: Jackson would decode an overlong form such as {@code C0 AF} as {@code /}), 422 when a field
 * has a value of the wrong type (naming the field). The content type was checked before the handler ran
 * ({@link RequestFilter}, {@link Accepts}): a JSON label or none.
 */
public final class JsonBodies {
    /** A location Jackson writes into its messages ({@code [Source: ...; line: 1, column: 2]}): reported as line and column instead. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?start marker at \\[Source:[^\\]]*\\]\\)?|\\s*\\[Source:[^\\]]*\\]");

    private JsonBodies() {}

    /** The decoded body; {@code ifEmpty} for an empty body, or 400 when {@code ifEmpty} is null. */
    public static <T> T read(Context ctx, Class<T> type, T ifEmpty) {
        byte[] body = bytes(ctx);
        if (isBlank(body)) {
            if (ifEmpty == null) {
                throw HttpProblem.malformedJson("a JSON body is required");
            }
            return ifEmpty;
        }
        int invalid = Utf8.firstInvalid(body);
        if (invalid >= 0) {
            throw HttpProblem.malformedJson("the body is not valid UTF-8 (at byte offset " + invalid + ")");
        }
        try {
            T value = Json.mapper().readValue(body, type);
            if (value == null && ifEmpty == null) {
                throw HttpProblem.malformedJson("a JSON body is required (got null)");
            }
            return value == null ? ifEmpty : value;
        } catch (JsonProcessingException e) {
            throw problem(e, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The problem a JSON document that Jackson could not read is: 400 {@code malformed-json} when it is not JSON or
     * not the document expected, 422 {@code invalid-value} naming the field whose value has the wrong type. The
     * detail names no Java type. {@code part} names the part of the body read (e.g. {@code "row 3"}), or is empty
     * for the whole body.
     */
    public static HttpProblem problem(JsonProcessingException e, String part) {
        String subject = part.isEmpty() ? "the body" : part;
        String fieldPrefix = part.isEmpty() ? "" : part + ": ";
        StreamConstraintsException tooBig = causeOf(e, StreamConstraintsException.class);
        if (tooBig != null) { // Jackson's own bounds (nesting 1,000 deep, numbers of 1,000 digits, ...)
            String field = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? fieldPrefix + path(m) : subject;
            return HttpProblem.invalid(field + " nests too deep, or holds a number or string too long, to be read");
        }
        StreamReadException notJson = causeOf(e, StreamReadException.class);
        if (notJson != null) {
            return HttpProblem.malformedJson(subject + " is not valid JSON: " + message(notJson) + where(notJson.getLocation()));
        }
        if (e instanceof MismatchedInputException m) {
            if (m.getPath().isEmpty()) { // the document itself has the wrong shape (an array for an object, ...)
                return HttpProblem.malformedJson(subject + " must be " + expected(m.getTargetType()) + where(m.getLocation()));
            }
            return HttpProblem.invalid(fieldPrefix + path(m) + " must be " + expected(m.getTargetType()));
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return HttpProblem.invalid(fieldPrefix + path(m) + " has an invalid value");
        }
        return HttpProblem.malformedJson(subject + " is not the JSON document expected" + where(e.getLocation()));
    }

    /** The raw body, enforcing the size limit. */
    public static byte[] bytes(Context ctx) {
        return Bodies.read(ctx, HttpServer.MAX_BODY_BYTES);
    }

    /** {@code e} or its cause of {@code type} (databind wraps a parser's error met inside a value), or null. */
    private static <X extends Throwable> X causeOf(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String message(StreamReadException e) {
        String text = e.getOriginalMessage();
        return text == null ? "" : SOURCE.matcher(text).replaceAll("");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an RFC 3339 timestamp such as 2026-01-31T12:00:00Z";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "of another type";
    }
}
