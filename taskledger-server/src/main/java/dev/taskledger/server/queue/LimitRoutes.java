package dev.taskledger.server.queue;

import dev.taskledger.protocol.LimitDto;
import dev.taskledger.protocol.LimitListDto;
import dev.taskledger.protocol.LimitRequest;
import dev.taskledger.queue.LimitService;
import dev.taskledger.server.http.JsonBodies;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.server.http.RouteGroup;
import dev.taskledger.wire.LimitDtos;
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
        Responses.json(ctx, 200, LimitDtos.dto(limits.put(Requests.tenant(ctx), LimitDtos.spec(body))));
    }

    private void list(Context ctx) {
        List<LimitDto> out = limits.list(Requests.tenant(ctx)).stream().map(LimitDtos::dto).toList();
        Responses.json(ctx, 200, new LimitListDto(out));
    }

    private void delete(Context ctx) {
        limits.delete(Requests.tenant(ctx), ctx.queryParam("type"), ctx.queryParam("concurrency_key"));
        ctx.status(204);
    }
}
