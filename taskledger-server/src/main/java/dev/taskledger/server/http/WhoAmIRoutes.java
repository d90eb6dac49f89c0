package dev.taskledger.server.http;

import dev.taskledger.protocol.WhoAmIDto;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/whoami}: the tenant a key acts for and whether it is the admin key, so a program (the console's
 * tenant switcher) can tell what the key it was given may do without trying.
 */
public final class WhoAmIRoutes implements RouteGroup {
    private final boolean keysRequired;

    public WhoAmIRoutes(boolean keysRequired) {
        this.keysRequired = keysRequired;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/v1/whoami", this::whoami);
    }

    private void whoami(Context ctx) {
        Authenticator.Caller caller = Requests.caller(ctx);
        Responses.json(ctx, 200, new WhoAmIDto(caller.tenant(), caller.admin(), keysRequired));
    }
}
