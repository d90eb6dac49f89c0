package dev.taskledger.server.http;

import com.fasterxml.jackson.core.JsonLocation;
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
import java.util.stream.Collectors;

/**
 * Decodes JSON request bodies into protocol DTOs: at most {@link HttpServer#MAX_BODY_BYTES} (413 beyond,
 * judged on Content-Length and on the bytes actually read), 400 when the body is not JSON, 422 when a field
 * has a value of the wrong type (naming the field). The content type was checked before the handler ran
 * ({@link RequestFilter}, {@link Accepts}): a JSON label or none.
 */
public final class JsonBodies {
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
        try {
            T value = Json.mapper().readValue(body, type);
            if (value == null && ifEmpty == null) {
                throw HttpProblem.malformedJson("a JSON body is required (got null)");
            }
            return value == null ? ifEmpty : value;
        } catch (StreamReadException e) {
            throw HttpProblem.malformedJson("the body is not valid JSON: " + e.getOriginalMessage() + where(e.getLocation()));
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) { // the document itself has the wrong shape (an array for an object, ...)
                throw HttpProblem.malformedJson("the body must be " + expected(e.getTargetType()) + where(e.getLocation()));
            }
            throw HttpProblem.invalid(path(e) + " must be " + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw HttpProblem.invalid(path(e) + " has an invalid value");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw body, enforcing the size limit. */
    public static byte[] bytes(Context ctx) {
        if (ctx.req().getContentLengthLong() > HttpServer.MAX_BODY_BYTES) {
            throw HttpProblem.tooLarge(HttpServer.MAX_BODY_BYTES);
        }
        byte[] body = ctx.bodyAsBytes(); // Javalin stops reading a chunked body at maxRequestSize (413)
        if (body.length > HttpServer.MAX_BODY_BYTES) {
            throw HttpProblem.tooLarge(HttpServer.MAX_BODY_BYTES);
        }
        return body;
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
