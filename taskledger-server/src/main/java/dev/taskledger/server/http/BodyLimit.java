package dev.taskledger.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;

/**
 * Endpoint metadata raising the request body limit above {@link HttpServer#MAX_BODY_BYTES} for one endpoint
 * (bulk uploads such as the ledger's batch and reconcile). The server checks a request's Content-Length
 * against its endpoint's limit; the handler must read the body itself with the same limit (Javalin's
 * {@code ctx.body()} keeps enforcing the server-wide one).
 */
public record BodyLimit(long maxBytes) implements EndpointMetadata {

    /** An endpoint (requiring an API key like any other) whose body may be up to {@code maxBytes}. */
    public static Endpoint endpoint(HandlerType method, String path, long maxBytes, Handler handler) {
        return Endpoint.create(method, path).addMetadata(new BodyLimit(maxBytes)).handler(handler);
    }

    /** The body limit of {@code endpoint}: its own, else the server-wide one. */
    static long of(Endpoint endpoint) {
        BodyLimit limit = endpoint == null ? null : endpoint.metadata(BodyLimit.class);
        return limit == null ? HttpServer.MAX_BODY_BYTES : limit.maxBytes();
    }
}
