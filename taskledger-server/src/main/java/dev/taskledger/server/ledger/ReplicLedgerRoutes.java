package dev.taskledger.server.ledger;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerService;
import dev.taskledger.server.http.Accepts;
import dev.taskledger.server.http.Access;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.server.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;

/**
 * The replic ledger's own endpoint, {@code /mrtreplic/task} (as in the replic ledger's curl scripts) and {@code /mrtinv/task} (where
 * the original service runs it), so its scripts work unchanged. Fields {@code name}, {@code item},
 * {@code status}, {@code note} come from a multipart or urlencoded body — on GET and DELETE too, as the
 * scripts send {@code curl -X GET -F ...} — or else from the query string; an absent field is {@code ""}.
 *
 * <ul>
 *   <li>POST records (the replic ledger's upsert) and answers the entry after it.</li>
 *   <li>GET answers the entry, or {@code {}} when there is none.</li>
 *   <li>DELETE deletes and answers the entry as it was before, or {@code {}} when there was none.</li>
 * </ul>
 * Always 200 with {@code application/json} in {@link ReplicLedgerReply}'s shape. An empty name or item, a status that
 * is not one of the five (any case) → 400, an item over 511 characters → 422, as problem+json. The endpoint is
 * registered public: with no API key configured it acts for tenant {@code default}; when keys are configured
 * the caller must still send one (the scripts then need {@code -H 'X-API-Key: ...'}).
 */
public final class ReplicLedgerRoutes implements RouteGroup {
    /** The replic ledger's path and the original service's. */
    public static final List<String> PATHS = List.of("/mrtreplic/task", "/mrtinv/task");

    private final LedgerService ledger;

    public ReplicLedgerRoutes(LedgerService ledger) {
        this.ledger = ledger;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        for (String path : PATHS) {
            routes.addEndpoint(Accepts.FORMS.on(Access.publicEndpoint(HandlerType.POST, path, this::record)));
            routes.addEndpoint(Accepts.FORMS.on(Access.publicEndpoint(HandlerType.GET, path, this::get)));
            routes.addEndpoint(Accepts.FORMS.on(Access.publicEndpoint(HandlerType.DELETE, path, this::delete)));
        }
    }

    private void record(Context ctx) {
        LedgerParams p = LedgerParams.formOrQuery(ctx);
        LedgerRecord record = LedgerService.validate(Requests.tenant(ctx), p.orEmpty("name"), p.orEmpty("item"),
                p.orEmpty("status"), p.orEmpty("note"), "");
        reply(ctx, ledger.record(record));
    }

    private void get(Context ctx) {
        LedgerParams p = LedgerParams.formOrQuery(ctx);
        String name = p.required(new String[] {"name"}, "task_name");
        String item = p.required(new String[] {"item"}, "task_item");
        reply(ctx, ledger.get(Requests.tenant(ctx), name, item).orElse(null));
    }

    private void delete(Context ctx) {
        LedgerParams p = LedgerParams.formOrQuery(ctx);
        String name = p.required(new String[] {"name"}, "task_name");
        String item = p.required(new String[] {"item"}, "task_item");
        reply(ctx, ledger.delete(Requests.tenant(ctx), name, item).orElse(null));
    }

    private static void reply(Context ctx, LedgerEntry entry) {
        Responses.json(ctx, 200, ReplicLedgerReply.of(entry));
    }
}
