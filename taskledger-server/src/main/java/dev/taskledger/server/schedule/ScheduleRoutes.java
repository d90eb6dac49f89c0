package dev.taskledger.server.schedule;

import dev.taskledger.common.Ids;
import dev.taskledger.common.Page;
import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.FireTimesDto;
import dev.taskledger.protocol.SchedulePageDto;
import dev.taskledger.protocol.ScheduleRequest;
import dev.taskledger.schedule.ScheduleInfo;
import dev.taskledger.schedule.ScheduleService;
import dev.taskledger.server.http.JsonBodies;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.server.http.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Objects;
import java.util.UUID;

/**
 * Recurring schedules (docs/api.md "Schedules"): create, upsert by name, read, list, update, delete, pause, resume,
 * the coming fire times and the audit events. Each handler decodes, makes one {@link ScheduleService} call and encodes.
 */
public final class ScheduleRoutes implements RouteGroup {
    static final String SCHEDULES = "/api/v1/schedules";
    static final String SCHEDULE = SCHEDULES + "/{id}";
    static final int DEFAULT_LIST = 100;
    static final int DEFAULT_NEXT = 5;

    private final ScheduleService schedules;

    public ScheduleRoutes(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(SCHEDULES, this::create);
        routes.get(SCHEDULES, this::list);
        routes.get(SCHEDULE, this::get);
        routes.put(SCHEDULES + "/{name}", this::upsert);
        routes.patch(SCHEDULE, this::update);
        routes.delete(SCHEDULE, this::delete);
        routes.post(SCHEDULE + "/pause", this::pause);
        routes.post(SCHEDULE + "/resume", this::resume);
        routes.get(SCHEDULE + "/next", this::next);
        routes.get(SCHEDULE + "/events", this::events);
    }

    private void create(Context ctx) {
        ScheduleRequest body = JsonBodies.read(ctx, ScheduleRequest.class, null);
        ScheduleInfo created = schedules.create(Requests.tenant(ctx), ScheduleJson.spec(body));
        ctx.header("Location", SCHEDULES + "/" + created.schedule().id());
        ScheduleJson.send(ctx, 201, created);
    }

    /** Creates (201) or replaces (200) the schedule of that name; {@code If-Match} makes a replace conditional. */
    private void upsert(Context ctx) {
        ScheduleRequest body = JsonBodies.read(ctx, ScheduleRequest.class, null);
        ScheduleService.Upserted done = schedules.upsert(Requests.tenant(ctx), ctx.pathParam("name"), ScheduleJson.spec(body),
                Requests.ifMatchVersion(ctx));
        if (done.created()) {
            ctx.header("Location", SCHEDULES + "/" + done.schedule().schedule().id());
        }
        ScheduleJson.send(ctx, done.created() ? 201 : 200, done.schedule());
    }

    private void list(Context ctx) {
        Integer limit = Requests.queryInt(ctx, "limit");
        Page<ScheduleInfo> page = schedules.list(Requests.tenant(ctx), Requests.query(ctx, "cursor"),
                Objects.requireNonNullElse(limit, DEFAULT_LIST));
        Responses.json(ctx, 200, new SchedulePageDto(ScheduleJson.dtos(page.items()), page.nextCursor()));
    }

    private void get(Context ctx) {
        ScheduleJson.send(ctx, 200, schedules.get(Requests.tenant(ctx), id(ctx)));
    }

    /** Only the fields given change; {@code If-Match} makes it conditional on the version. */
    private void update(Context ctx) {
        UUID id = id(ctx);
        ScheduleRequest body = JsonBodies.read(ctx, ScheduleRequest.class, null);
        ScheduleJson.send(ctx, 200, schedules.update(Requests.tenant(ctx), id, ScheduleJson.spec(body), Requests.ifMatchVersion(ctx)));
    }

    private void delete(Context ctx) {
        schedules.delete(Requests.tenant(ctx), id(ctx));
        Responses.noContent(ctx);
    }

    private void pause(Context ctx) {
        ScheduleJson.send(ctx, 200, schedules.pause(Requests.tenant(ctx), id(ctx)));
    }

    private void resume(Context ctx) {
        ScheduleJson.send(ctx, 200, schedules.resume(Requests.tenant(ctx), id(ctx)));
    }

    private void next(Context ctx) {
        Integer count = Requests.queryInt(ctx, "count");
        Responses.json(ctx, 200, new FireTimesDto(schedules.next(Requests.tenant(ctx), id(ctx),
                Objects.requireNonNullElse(count, DEFAULT_NEXT))));
    }

    private void events(Context ctx) {
        Responses.json(ctx, 200, ScheduleJson.events(schedules.events(Requests.tenant(ctx), id(ctx))));
    }

    private static UUID id(Context ctx) {
        String text = ctx.pathParam("id");
        UUID id = Ids.parseOrNull(text);
        if (id == null) {
            throw ServiceException.notFound("no schedule " + text);
        }
        return id;
    }
}
