package dev.taskledger.server.http;

import dev.taskledger.protocol.Json;
import io.javalin.http.Context;

/** Writes successful JSON responses with the shared wire mapper. */
public final class Responses {
    private Responses() {}

    public static void json(Context ctx, int status, Object dto) {
        ctx.status(status).contentType(Json.CONTENT_TYPE).result(Json.toBytes(dto));
    }

    public static void noContent(Context ctx) {
        ctx.status(204);
    }
}
