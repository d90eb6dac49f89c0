package dev.taskledger.server.http;

import dev.taskledger.protocol.HealthDto;
import dev.taskledger.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /health}: liveness plus a database check (seed 001); needs no API key. */
public final class SystemRoutes implements RouteGroup {
    private final String serviceName;
    private final Store store;

    public SystemRoutes(String serviceName, Store store) {
        this.serviceName = serviceName;
        this.store = store;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.addEndpoint(Access.publicEndpoint(HandlerType.GET, "/health", this::health));
    }

    private void health(Context ctx) {
        boolean databaseOk = store.isHealthy();
        Responses.json(ctx, databaseOk ? 200 : 503,
                new HealthDto(databaseOk ? "ok" : "unavailable", serviceName, databaseOk ? "ok" : "unavailable"));
    }
}
