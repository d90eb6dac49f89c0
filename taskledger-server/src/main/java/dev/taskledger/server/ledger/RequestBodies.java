package dev.taskledger.server.ledger;

import dev.taskledger.server.http.HttpProblem;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Reads a request body with a route's own size limit. The bulk ledger routes (batch, reconcile) take up to
 * {@link #BULK_LIMIT}: 100,000 reconcile items or a large CSV exceed the 1 MiB that every other route allows.
 * Javalin's {@code ctx.body()} enforces the server-wide limit, so these routes read the stream themselves.
 */
final class RequestBodies {
    /** 64 MiB: the most a batch or reconcile body may hold. */
    static final long BULK_LIMIT = 64L * 1024 * 1024;

    private RequestBodies() {}

    /** The whole body, or 413 when it is (or announces itself as) longer than {@code limit} bytes. */
    static byte[] read(Context ctx, long limit) {
        long announced = ctx.req().getContentLengthLong();
        if (announced > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
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

    private static HttpProblem tooLarge(long limit) {
        return HttpProblem.tooLarge(limit);
    }
}
