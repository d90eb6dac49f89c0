package dev.taskledger.server.outbox;

import dev.taskledger.protocol.OutboxLagDto;
import dev.taskledger.queue.spi.OutboxStore;
import dev.taskledger.server.http.HttpProblem;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.server.http.RouteGroup;
import dev.taskledger.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;

/**
 * {@code GET /api/v1/outbox}: the outbox's backlog (messages not yet published to the broker). The outbox holds every
 * tenant's events, so with API keys configured only the admin key may read it.
 */
public final class OutboxRoutes implements RouteGroup {
    private final Store store;
    private final boolean enabled;
    private final boolean keysRequired;
    private final Clock clock;

    public OutboxRoutes(Store store, boolean enabled, boolean keysRequired, Clock clock) {
        this.store = store;
        this.enabled = enabled;
        this.keysRequired = keysRequired;
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/v1/outbox", this::lag);
    }

    private void lag(Context ctx) {
        if (keysRequired && !Requests.caller(ctx).admin()) {
            throw HttpProblem.forbidden("the outbox holds every tenant's events: reading its backlog needs the admin key");
        }
        if (!enabled) {
            Responses.json(ctx, 200, new OutboxLagDto(false, null, null, null));
            return;
        }
        OutboxStore.Lag lag = store.inTransaction(tx -> tx.outbox().lag());
        Double age = lag.oldestCreatedAt() == null ? null
                : Math.max(0, Duration.between(lag.oldestCreatedAt(), clock.instant()).toMillis()) / 1000.0;
        Responses.json(ctx, 200, new OutboxLagDto(true, lag.unsent(), lag.oldestCreatedAt(), age));
    }
}
