package dev.taskledger.server.http;

import dev.taskledger.jobs.BackgroundJob;
import dev.taskledger.protocol.HealthDto;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /health}: liveness plus a database check (the Task Repository Service), and the node's background jobs; needs no API key.
 * It answers within {@code timeout} whatever the database does: 200 when the check passed and every job is well,
 * else 503 problem+json naming the database, or a job whose loop died or has not succeeded for far longer than its
 * interval ({@link BackgroundJob#problem()}). The database check runs on its own thread; probes that arrive while
 * one is running wait for that one, so an outage never piles up checks.
 */
public final class SystemRoutes implements RouteGroup {
    private final String serviceName;
    private final Store store;
    private final Duration timeout;
    private final List<BackgroundJob> jobs;
    private final AtomicReference<CompletableFuture<Boolean>> running = new AtomicReference<>();

    public SystemRoutes(String serviceName, Store store, Duration timeout, List<BackgroundJob> jobs) {
        this.serviceName = serviceName;
        this.store = store;
        this.timeout = timeout;
        this.jobs = List.copyOf(jobs);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.addEndpoint(Access.publicEndpoint(HandlerType.GET, "/health", this::health));
    }

    private void health(Context ctx) throws InterruptedException {
        CompletableFuture<Boolean> check = currentCheck();
        boolean healthy;
        try {
            healthy = check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HttpProblem(ProblemType.UNAVAILABLE, "the database " + store.describe() + " did not answer within "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            healthy = false;
        }
        if (!healthy) { // with the database down the jobs fail too: the database is the news
            throw new HttpProblem(ProblemType.UNAVAILABLE, "the database " + store.describe() + " is not available");
        }
        for (BackgroundJob job : jobs) {
            String problem = job.problem();
            if (problem != null) {
                throw new HttpProblem(ProblemType.UNAVAILABLE, problem);
            }
        }
        Responses.json(ctx, 200, new HealthDto("ok", serviceName, "ok"));
    }

    /** The check in flight, or a new one when none is. */
    private CompletableFuture<Boolean> currentCheck() {
        while (true) {
            CompletableFuture<Boolean> current = running.get();
            if (current != null && !current.isDone()) {
                return current;
            }
            CompletableFuture<Boolean> fresh = new CompletableFuture<>();
            if (running.compareAndSet(current, fresh)) {
                Thread.ofVirtual().name("health-check").start(() -> {
                    try {
                        fresh.complete(store.isHealthy());
                    } catch (RuntimeException | Error e) {
                        fresh.completeExceptionally(e);
                    }
                });
                return fresh;
            }
        }
    }
}
