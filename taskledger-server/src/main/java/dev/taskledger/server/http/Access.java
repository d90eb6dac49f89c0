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
    PUBLIC,
    /**
     * An endpoint a shared worker's key ({@code TASKLEDGER_WORKER_KEYS}) may call besides tenant keys: claim,
     * heartbeat, complete, fail, release. Every other endpoint refuses a worker key with 403.
     */
    WORKER;

    /** An endpoint that needs no API key; add it with {@code routes.addEndpoint(...)}. */
    public static Endpoint publicEndpoint(HandlerType method, String path, Handler handler) {
        return Endpoint.create(method, path).addMetadata(PUBLIC).handler(handler);
    }

    /** A POST endpoint a shared worker may call too ({@link #WORKER}); add it with {@code routes.addEndpoint(...)}. */
    public static Endpoint workerEndpoint(String path, Handler handler) {
        return Endpoint.create(HandlerType.POST, path).addMetadata(WORKER).handler(handler);
    }

    static boolean isPublic(Endpoint endpoint) {
        return endpoint.metadata(Access.class) == PUBLIC;
    }

    static boolean isForWorkers(Endpoint endpoint) {
        return endpoint.metadata(Access.class) == WORKER;
    }
}
