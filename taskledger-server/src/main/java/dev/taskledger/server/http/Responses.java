package dev.taskledger.server.http;

import dev.taskledger.protocol.Json;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;

/** Writes successful JSON responses with the shared wire mapper. */
public final class Responses {
    private Responses() {}

    public static void json(Context ctx, int status, Object dto) {
        ctx.status(status).contentType(Json.CONTENT_TYPE).result(Json.toBytes(dto));
    }

    /**
     * JSON already serialised ({@link Json#toBytes}), written and flushed to the connection before this returns, so
     * a failure to write it is thrown here (an {@code IOException}) instead of being logged after the handler ended.
     */
    public static void jsonNow(Context ctx, int status, byte[] json) throws IOException {
        ctx.status(status).contentType(Json.CONTENT_TYPE);
        OutputStream out = ctx.outputStream(); // with the configured compression, as a result() would be written
        out.write(json);
        out.close();
        ctx.res().getOutputStream().close(); // completes the response (the compressing stream closes only its own)
    }

    public static void noContent(Context ctx) {
        ctx.status(204);
    }
}
