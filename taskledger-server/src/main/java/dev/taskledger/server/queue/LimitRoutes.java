package dev.taskledger.server.queue;

import dev.taskledger.protocol.LimitDto;
import dev.taskledger.protocol.LimitListDto;
import dev.taskledger.protocol.LimitRequest;
import dev.taskledger.queue.ClaimLimits;
import dev.taskledger.queue.Limit;
import dev.taskledger.queue.LimitService;
import dev.taskledger.server.http.JsonBodies;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.server.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/**
 * Concurrency and rate limits of the caller's tenant (a tenant key: its own; the admin key: the tenant named in
 * {@code X-Tenant}): set one ({@code PUT}), list them with their use ({@code GET}), remove one ({@code DELETE} with
 * {@code type} and/or {@code concurrency_key} as query parameters). The rules live in {@link LimitService}.
 */
public final class LimitRoutes implements RouteGroup {
    static final String LIMITS = "/api/v1/limits";

    private final LimitService limits;

    public LimitRoutes(LimitService limits) {
        this.limits = limits;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.put(LIMITS, this::put);
        routes.get(LIMITS, this::list);
        routes.delete(LIMITS, this::delete);
    }

    private void put(Context ctx) {
        LimitRequest body = JsonBodies.read(ctx, LimitRequest.class, null);
        Limit.Rate rate = body.rate() == null ? null : new Limit.Rate(
                body.rate().count() == null ? 0 : body.rate().count(),
                body.rate().periodSeconds() == null ? 0 : body.rate().periodSeconds());
        ClaimLimits.Use use = limits.put(Requests.tenant(ctx),
                new LimitService.Spec(body.type(), body.concurrencyKey(), body.maxRunning(), rate));
        Responses.json(ctx, 200, dto(use));
    }

    private void list(Context ctx) {
        List<LimitDto> out = limits.list(Requests.tenant(ctx)).stream().map(LimitRoutes::dto).toList();
        Responses.json(ctx, 200, new LimitListDto(out));
    }

    private void delete(Context ctx) {
        limits.delete(Requests.tenant(ctx), ctx.queryParam("type"), ctx.queryParam("concurrency_key"));
        ctx.status(204);
    }

    static LimitDto dto(ClaimLimits.Use use) {
        Limit l = use.limit();
        LimitRequest.Rate rate = l.rate() == null ? null : new LimitRequest.Rate(l.rate().count(), l.rate().periodSeconds());
        return new LimitDto(l.type(), l.concurrencyKey(), l.maxRunning(), rate, use.running(),
                l.rate() == null ? null : use.startedInPeriod(), use.rateLimitedUntil(), l.updatedAt());
    }
}
