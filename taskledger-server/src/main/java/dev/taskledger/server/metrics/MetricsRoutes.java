package dev.taskledger.server.metrics;

import dev.taskledger.server.http.Access;
import dev.taskledger.server.http.HttpProblem;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /metrics} in the Prometheus text format, and the request timer of every HTTP request
 * ({@code http_server_requests_seconds}, by method, route template and status). Public like {@code /health} unless
 * {@code TASKLEDGER_METRICS_REQUIRE_KEY=true}, which asks for the admin key.
 */
public final class MetricsRoutes implements RouteGroup {
    public static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String STARTED = "taskledger.metrics.started";
    /** Histogram buckets: from a fast read to the longest long-poll claim (30 s). */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry;
    private final StoreGauges gauges;
    private final boolean requireAdminKey;
    /** Registered timers, so a request costs a map lookup rather than building and registering a meter id. */
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public MetricsRoutes(PrometheusMeterRegistry registry, StoreGauges gauges, boolean requireAdminKey) {
        this.registry = registry;
        this.gauges = gauges;
        this.requireAdminKey = requireAdminKey;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        routes.after(this::record); // after-handlers run also when the handler threw, once the error is mapped
        routes.addEndpoint(Access.publicEndpoint(HandlerType.GET, PATH, this::scrape));
    }

    private void scrape(Context ctx) {
        if (requireAdminKey && !Requests.caller(ctx).admin()) {
            throw HttpProblem.forbidden("reading " + PATH + " needs the admin key (TASKLEDGER_METRICS_REQUIRE_KEY=true)");
        }
        gauges.refreshIfStale();
        ctx.status(200).contentType(CONTENT_TYPE).result(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private void record(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        TimerKey key = new TimerKey(ctx.method().name(), route(ctx), ctx.statusCode());
        timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                        .description("HTTP requests by method, route template and status (long-poll claims include their wait)")
                        .tags("method", k.method(), "route", k.route(), "status", Integer.toString(k.status()))
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry))
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** One timer per (method, route template, status): few, since routes are templates. */
    private record TimerKey(String method, String route, int status) {}

    /** The matched endpoint's path template ({@code /api/v1/tasks/{id}}), never the raw path (unbounded labels). */
    private static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
