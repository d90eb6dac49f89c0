package dev.taskledger.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;

/**
 * Endpoint metadata for who may call an endpoint. Endpoints without it require an API key (when keys are
 * configured); endpoints marked {@link #PUBLIC} do not, e.g. {@code /health} and the replic ledger's compatibility
 * endpoint, whose curl scripts send no key.
 */
public enum Access implements EndpointMetadata {
    PUBLIC;

    /** An endpoint that needs no API key; add it with {@code routes.addEndpoint(...)}. */
    public static Endpoint publicEndpoint(HandlerType method, String path, Handler handler) {
        return Endpoint.create(method, path).addMetadata(PUBLIC).handler(handler);
    }

    static boolean isPublic(Endpoint endpoint) {
        return endpoint.metadata(Access.class) == PUBLIC;
    }
}
