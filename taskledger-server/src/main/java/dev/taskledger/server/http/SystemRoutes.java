package dev.taskledger.server.http;

import dev.taskledger.common.BackgroundJob;
import dev.taskledger.protocol.HealthDto;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;

/**
 * {@code GET /health}: liveness plus a database check (seed 001), and the node's background jobs: 503 problem+json
 * naming a job whose loop died or has not succeeded for far longer than its interval ({@link BackgroundJob#problem()}).
 * Needs no API key.
 */
public final class SystemRoutes implements RouteGroup {
    private final String serviceName;
    private final Store store;
    private final List<BackgroundJob> jobs;

    public SystemRoutes(String serviceName, Store store, List<BackgroundJob> jobs) {
        this.serviceName = serviceName;
        this.store = store;
        this.jobs = List.copyOf(jobs);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.addEndpoint(Access.publicEndpoint(HandlerType.GET, "/health", this::health));
    }

    private void health(Context ctx) {
        boolean databaseOk = store.isHealthy();
        if (databaseOk) { // with the database down the jobs fail too: the database is the news
            for (BackgroundJob job : jobs) {
                String problem = job.problem();
                if (problem != null) {
                    throw new HttpProblem(ProblemType.UNAVAILABLE, problem);
                }
            }
        }
        Responses.json(ctx, databaseOk ? 200 : 503,
                new HealthDto(databaseOk ? "ok" : "unavailable", serviceName, databaseOk ? "ok" : "unavailable"));
    }
}
