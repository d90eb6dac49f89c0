package dev.taskledger.server.ledger;

import dev.taskledger.server.http.Bodies;
import dev.taskledger.server.http.HttpProblem;
import dev.taskledger.server.http.Utf8;
import io.javalin.http.Context;

import java.util.Locale;

/**
 * Reads a request body with a route's own size limit. The bulk ledger routes (batch, reconcile) take up to
 * {@link #BULK_LIMIT}: 100,000 reconcile items or a large CSV exceed the 1 MiB that every other route allows.
 * Their bodies are text (JSON, NDJSON, CSV, lines), so they must be UTF-8 (400 naming the first bad byte).
 */
final class RequestBodies {
    /** 64 MiB: the most a batch or reconcile body may hold. */
    static final long BULK_LIMIT = 64L * 1024 * 1024;

    private RequestBodies() {}

    /** The whole body ({@link Bodies#read}: 413 beyond {@code limit}), which must be UTF-8 (else 400). */
    static byte[] read(Context ctx, long limit) {
        byte[] body = Bodies.read(ctx, limit);
        int invalid = Utf8.firstInvalid(body);
        if (invalid >= 0) {
            throw HttpProblem.badRequest("the body is not valid UTF-8 (at byte offset " + invalid + ")");
        }
        return body;
    }

    /** The media type of the request without parameters, lowercase; empty when absent. */
    static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The first character of the body that is not whitespace (or a byte-order mark); -1 when there is none. */
    static int firstSignificant(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && (b & 0xFF) != 0xEF && (b & 0xFF) != 0xBB && (b & 0xFF) != 0xBF) {
                return b & 0xFF;
            }
        }
        return -1;
    }
}
