package dev.taskledger.server.ledger;

import dev.taskledger.common.ServiceException;
import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerPage;
import dev.taskledger.ledger.LedgerQuery;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerService;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.protocol.ledger.LedgerBatchResultDto;
import dev.taskledger.protocol.ledger.LedgerPageDto;
import dev.taskledger.protocol.ledger.LedgerRecordRequest;
import dev.taskledger.server.http.Accepts;
import dev.taskledger.server.http.BodyLimit;
import dev.taskledger.server.http.HttpProblem;
import dev.taskledger.server.http.JsonBodies;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.server.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The ledger's {@code /api/v1} routes (the replic ledger's inv_tasks, see API.md "Ledger"). Handlers only decode and
 * encode: every rule (required fields, status values, lengths, the upsert) is {@link LedgerService}'s.
 *
 * <ul>
 *   <li>{@code POST /api/v1/ledger}: JSON {@link LedgerRecordRequest} or form fields name, item, status, note (JSON
 *       labelled as a form, as {@code curl -d} sends it, is a 415) →
 *       201 + entry when this record created it ({@code retries} 0), 200 + entry when it updated it.</li>
 *   <li>{@code POST /api/v1/ledger/batch}: see {@link BatchBody} → 200 {@code {"recorded": n}}.</li>
 *   <li>{@code GET|DELETE /api/v1/ledger/entry?task_name=&task_item=} → 200 + entry (DELETE: as it was); 404.</li>
 *   <li>{@code GET /api/v1/ledger?task_name=&status=&updated_after=&limit=&cursor=} → {@link LedgerPageDto}.</li>
 *   <li>{@code GET /api/v1/ledger/summary[?task_name=]} → {@code {"summaries": [...]}}.</li>
 *   <li>{@code POST /api/v1/ledger/{task_name}/reconcile} (a name with {@code /} may be sent raw or as %2F) and
 *       {@code POST /api/v1/ledger/reconcile?task_name=}: see {@link ReconcileBody} → the report.</li>
 *   <li>{@code GET /api/v1/ledger/export?task_name=&status=&updated_after=&format=csv|ndjson}: streamed, see
 *       {@link LedgerExport}.</li>
 * </ul>
 * Batch and reconcile bodies may be up to {@link RequestBodies#BULK_LIMIT}; every other body up to 1 MiB.
 */
public final class LedgerRoutes implements RouteGroup {
    static final int DEFAULT_LIMIT = 100;

    private final LedgerService ledger;
    private final LedgerIds ids;

    public LedgerRoutes(LedgerService ledger, LedgerIds ids) {
        this.ledger = ledger;
        this.ids = ids;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.addEndpoint(Accepts.JSON_OR_FORMS.on(Endpoint.create(HandlerType.POST, "/api/v1/ledger").handler(this::record)));
        routes.addEndpoint(BatchBody.ACCEPTS.on(
                BodyLimit.endpoint(HandlerType.POST, "/api/v1/ledger/batch", RequestBodies.BULK_LIMIT, this::batch)));
        routes.get("/api/v1/ledger/entry", this::get);
        routes.delete("/api/v1/ledger/entry", this::delete);
        routes.get("/api/v1/ledger", this::list);
        routes.get("/api/v1/ledger/summary", this::summary);
        routes.get("/api/v1/ledger/export", this::export);
        // <...> lets the name hold slashes, raw or encoded as %2F; the query form needs no path encoding at all
        routes.addEndpoint(ReconcileBody.ACCEPTS.on(BodyLimit.endpoint(HandlerType.POST, "/api/v1/ledger/<task_name>/reconcile",
                RequestBodies.BULK_LIMIT, ctx -> reconcile(ctx, ctx.pathParam("task_name")))));
        routes.addEndpoint(ReconcileBody.ACCEPTS.on(BodyLimit.endpoint(HandlerType.POST, "/api/v1/ledger/reconcile",
                RequestBodies.BULK_LIMIT, ctx -> reconcile(ctx, LedgerParams.query(ctx).get(LedgerParams.NAME)))));
    }

    private void record(Context ctx) {
        String tenant = Requests.tenant(ctx);
        LedgerRecord record;
        if (ctx.isFormUrlencoded() && RequestBodies.firstSignificant(JsonBodies.bytes(ctx)) == '{') {
            throw new HttpProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the body is JSON labelled as a form"
                    + " (application/x-www-form-urlencoded, as curl -d sends it): add -H 'Content-Type: application/json'");
        }
        if (LedgerParams.isForm(ctx)) {
            LedgerParams form = LedgerParams.formOrQuery(ctx);
            record = LedgerService.validate(tenant, form.get(LedgerParams.NAME), form.get(LedgerParams.ITEM),
                    form.get(LedgerParams.STATUS), form.get(LedgerParams.NOTE), "");
        } else {
            LedgerRecordRequest body = JsonBodies.read(ctx, LedgerRecordRequest.class, null);
            record = LedgerService.validate(tenant, body.taskName(), body.taskItem(), body.status(), body.note(), "");
        }
        LedgerEntry entry = ledger.record(record);
        ctx.header("Location", entryPath(entry));
        Responses.json(ctx, entry.retries() == 0 ? 201 : 200, LedgerJson.entry(entry, ids));
    }

    private void batch(Context ctx) {
        String tenant = Requests.tenant(ctx);
        byte[] body = RequestBodies.read(ctx, RequestBodies.BULK_LIMIT);
        List<LedgerRecord> records = BatchBody.parse(tenant, RequestBodies.mediaType(ctx), body);
        Responses.json(ctx, 200, new LedgerBatchResultDto(ledger.recordAll(records)));
    }

    private void get(Context ctx) {
        LedgerParams p = LedgerParams.query(ctx);
        String name = p.required(LedgerParams.NAME, "task_name");
        String item = p.required(LedgerParams.ITEM, "task_item");
        LedgerEntry entry = ledger.get(Requests.tenant(ctx), name, item).orElseThrow(() -> missing(name, item));
        Responses.json(ctx, 200, LedgerJson.entry(entry, ids));
    }

    private void delete(Context ctx) {
        LedgerParams p = LedgerParams.query(ctx);
        String name = p.required(LedgerParams.NAME, "task_name");
        String item = p.required(LedgerParams.ITEM, "task_item");
        LedgerEntry entry = ledger.delete(Requests.tenant(ctx), name, item).orElseThrow(() -> missing(name, item));
        Responses.json(ctx, 200, LedgerJson.entry(entry, ids));
    }

    /** The cursor is the public id of the page's last entry. */
    private void list(Context ctx) {
        String tenant = Requests.tenant(ctx);
        LedgerParams p = LedgerParams.query(ctx);
        String cursor = emptyToNull(p.get("cursor"));
        LedgerQuery query = new LedgerQuery(tenant, emptyToNull(p.get(LedgerParams.NAME)), p.status(), p.updatedAfter(),
                p.limit(DEFAULT_LIMIT), cursor == null ? null : ids.decode(cursor, tenant, "cursor"));
        LedgerPage page = ledger.list(query);
        Responses.json(ctx, 200, new LedgerPageDto(page.items().stream().map(e -> LedgerJson.entry(e, ids)).toList(),
                page.more() ? ids.encode(page.nextAfterId(), tenant) : null));
    }

    private void summary(Context ctx) {
        String name = emptyToNull(LedgerParams.query(ctx).get(LedgerParams.NAME));
        Responses.json(ctx, 200, LedgerJson.summaries(ledger.summary(Requests.tenant(ctx), name)));
    }

    private void reconcile(Context ctx, String taskName) {
        String tenant = Requests.tenant(ctx);
        if (taskName == null || taskName.isEmpty()) {
            throw ServiceException.badRequest("task_name is required (in the path, or as ?task_name=)");
        }
        byte[] body = RequestBodies.read(ctx, RequestBodies.BULK_LIMIT);
        List<String> items = ReconcileBody.parse(RequestBodies.mediaType(ctx), body);
        Responses.json(ctx, 200, LedgerJson.report(ledger.reconcile(tenant, taskName, items), ids));
    }

    private void export(Context ctx) throws IOException {
        LedgerParams p = LedgerParams.query(ctx);
        LedgerExport.Format format = LedgerExport.Format.parse(p.get("format"));
        LedgerQuery query = new LedgerQuery(Requests.tenant(ctx), emptyToNull(p.get(LedgerParams.NAME)), p.status(),
                p.updatedAfter(), LedgerService.MAX_LIST, null);
        ctx.status(200).contentType(format.contentType)
                .header("Content-Disposition", "attachment; filename=\"ledger." + format.extension + "\"");
        LedgerExport.write(ledger, ids, query, format, ctx.outputStream());
    }

    static String entryPath(LedgerEntry e) {
        return "/api/v1/ledger/entry?task_name=" + URLEncoder.encode(e.taskName(), StandardCharsets.UTF_8)
                + "&task_item=" + URLEncoder.encode(e.taskItem(), StandardCharsets.UTF_8);
    }

    private static ServiceException missing(String name, String item) {
        return ServiceException.notFound("no ledger entry for task_name '" + name + "' and task_item '" + item + "'");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
