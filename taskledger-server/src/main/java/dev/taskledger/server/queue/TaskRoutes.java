package dev.taskledger.server.queue;

import dev.taskledger.common.Page;
import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.BulkRequest;
import dev.taskledger.protocol.BulkResultDto;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.CreateTasksRequest;
import dev.taskledger.protocol.CreatedTaskIdsDto;
import dev.taskledger.protocol.TaskPageDto;
import dev.taskledger.protocol.UpdateTaskRequest;
import dev.taskledger.queue.BulkAction;
import dev.taskledger.queue.LimitService;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskBulk;
import dev.taskledger.queue.TaskService;
import dev.taskledger.server.http.Accepts;
import dev.taskledger.server.http.Bodies;
import dev.taskledger.server.http.BodyLimit;
import dev.taskledger.server.http.HttpProblem;
import dev.taskledger.server.http.JsonBodies;
import dev.taskledger.server.http.Preferences;
import dev.taskledger.server.http.Requests;
import dev.taskledger.server.http.Responses;
import dev.taskledger.server.http.RouteGroup;
import dev.taskledger.server.http.SpooledBody;
import dev.taskledger.wire.TaskDtos;
import dev.taskledger.wire.TaskFilters;
import dev.taskledger.wire.TaskSpecs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

/**
 * The producer and operator side of the queue (API.md): create, batch create, read, list, merge-update,
 * delete, cancel, retry, events (paged), result, stats, and what an operator looks at and does in bulk: throughput,
 * active workers, bulk retry / cancel / delete. Each handler decodes, makes one {@link TaskService} call and
 * encodes; the rules live in the service.
 */
public final class TaskRoutes implements RouteGroup {
    static final String TASKS = "/api/v1/tasks";
    static final String TASK = TASKS + "/{id}";

    private final TaskService tasks;
    private final TaskBulk bulk;
    private final LimitService limits;
    private final Clock clock;

    public TaskRoutes(TaskService tasks, TaskBulk bulk, LimitService limits, Clock clock) {
        this.tasks = tasks;
        this.bulk = bulk;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(TASKS, this::create);
        routes.post(TASKS + "/batch", this::createBatch);
        routes.addEndpoint(Accepts.NDJSON.on(BodyLimit.endpoint(HandlerType.POST, TASKS + "/stream", TaskStreamBody.MAX_BYTES,
                this::createStream)));
        routes.post(TASKS + "/bulk/{action}", this::bulk); // before TASK's routes, which "bulk" would match as an id
        routes.get(TASKS, this::list);
        routes.get(TASK, this::get);
        routes.put(TASK, this::update);
        routes.patch(TASK, this::update);
        routes.delete(TASK, this::delete);
        routes.post(TASK + "/cancel", this::cancel);
        routes.post(TASK + "/retry", this::retry);
        routes.post(TASK + ":retry", this::retry); // the task persistence design's spelling (Google AIP custom method style)
        routes.get(TASK + "/events", this::events);
        routes.get(TASK + "/result", this::result);
        routes.get(TASK + "/parents", this::parents);
        routes.get(TASK + "/children", this::children);
        routes.get("/api/v1/stats", this::stats);
        routes.get("/api/v1/stats/throughput", this::throughput);
        routes.get("/api/v1/workers", this::workers);
    }

    /** 201 with the new task, or 200 with the existing one when the idempotency key or dedupe hash repeats. */
    private void create(Context ctx) {
        String tenant = Requests.tenant(ctx);
        CreateTaskRequest body = JsonBodies.read(ctx, CreateTaskRequest.class, null);
        TaskService.Created created = tasks.create(tenant, TaskSpecs.from(body, ctx.header(TaskSpecs.IDEMPOTENCY_HEADER), ""));
        if (created.created()) {
            ctx.header("Location", TASKS + "/" + created.task().id());
        }
        TaskJson.sendTask(ctx, created.created() ? 201 : 200, created.task(), false);
    }

    /**
     * All or nothing, in one transaction; 201 unless every task was already there (200). With
     * {@code Prefer: return=minimal} the answer holds only each task's id and whether it was created.
     */
    private void createBatch(Context ctx) {
        String tenant = Requests.tenant(ctx);
        CreateTasksRequest body = JsonBodies.read(ctx, CreateTasksRequest.class, null);
        List<TaskService.Created> created = tasks.createAll(tenant,
                TaskSpecs.fromBatch(body.tasks(), ctx.header(TaskSpecs.IDEMPOTENCY_HEADER)));
        boolean any = created.stream().anyMatch(TaskService.Created::created);
        if (Preferences.returnMinimal(ctx)) {
            ctx.header(CreatedTaskIdsDto.PREFERENCE_APPLIED_HEADER, CreatedTaskIdsDto.RETURN_MINIMAL);
            Responses.json(ctx, any ? 201 : 200, TaskDtos.createdIds(created));
        } else {
            Responses.json(ctx, any ? 201 : 200, TaskDtos.taskList(created.stream().map(TaskService.Created::task).toList(), false));
        }
    }

    /**
     * NDJSON, one task per line, written in chunks in one transaction: all or nothing. The body is first copied to a
     * temporary file as it arrives, so the transaction (and on SQLite the database's write lock) lasts as long as the
     * database needs, not as long as a slow client takes to send; then it is read line by line from there
     * ({@link TaskStreamBody}), so neither step holds the tasks in memory. Answers ids only (as a batch does with
     * {@code Prefer: return=minimal}, which it acknowledges): the full tasks of up to 100,000 lines are not held to be
     * answered. 201 unless every task was already there (200).
     */
    private void createStream(Context ctx) {
        String tenant = Requests.tenant(ctx);
        List<TaskService.StreamedId> created;
        try (SpooledBody body = SpooledBody.receive(requestBody(ctx), TaskStreamBody.MAX_BYTES);
             InputStream lines = body.open()) {
            created = tasks.createStream(tenant, new TaskStreamBody(lines, ctx.header(TaskSpecs.IDEMPOTENCY_HEADER)));
        } catch (IOException e) { // closing the temporary file's stream
            throw new UncheckedIOException("the streamed create's temporary file failed", e);
        }
        if (Preferences.returnMinimal(ctx)) {
            ctx.header(CreatedTaskIdsDto.PREFERENCE_APPLIED_HEADER, CreatedTaskIdsDto.RETURN_MINIMAL);
        }
        boolean any = created.stream().anyMatch(TaskService.StreamedId::created);
        Responses.json(ctx, any ? 201 : 200, TaskDtos.streamedIds(created));
    }

    private static InputStream requestBody(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            throw Bodies.readFailure(e);
        }
    }

    /** Retry, cancel or delete the tasks a filter selects; {@code dry_run} only counts them (the preview). */
    private void bulk(Context ctx) {
        String name = ctx.pathParam("action");
        BulkAction action = BulkAction.parse(name).orElseThrow(() -> ServiceException.notFound(
                "no bulk action '" + name + "': use retry, cancel or delete"));
        BulkRequest body = JsonBodies.read(ctx, BulkRequest.class, null);
        boolean dryRun = Boolean.TRUE.equals(body.dryRun());
        TaskBulk.Outcome outcome = bulk.run(action, TaskFilters.filter(body.filter(), Requests.tenant(ctx)), dryRun);
        Responses.json(ctx, 200, new BulkResultDto(action.wireName(), dryRun, outcome.matched(), outcome.applied(), outcome.more()));
    }

    private void list(Context ctx) {
        String tenant = Requests.tenant(ctx);
        Page<Task> page = tasks.list(TaskParams.from(ctx, tenant));
        // rate_limited_until of the ready tasks a rate limit holds back (no look-up for a tenant without limits)
        Responses.json(ctx, 200, new TaskPageDto(TaskDtos.listed(page.items(), limits.rateLimitedUntil(tenant, page.items())),
                page.nextCursor()));
    }

    private void get(Context ctx) {
        TaskJson.sendTask(ctx, 200, tasks.get(Requests.tenant(ctx), Requests.pathId(ctx, "id")), false);
    }

    /** PUT and PATCH both merge; {@code If-Match} makes it conditional on the version. */
    private void update(Context ctx) {
        String tenant = Requests.tenant(ctx);
        var id = Requests.pathId(ctx, "id");
        UpdateTaskRequest body = JsonBodies.read(ctx, UpdateTaskRequest.class, null);
        TaskJson.sendTask(ctx, 200, tasks.update(tenant, id, TaskSpecs.patch(body, Requests.ifMatchVersion(ctx))), false);
    }

    private void delete(Context ctx) {
        tasks.delete(Requests.tenant(ctx), Requests.pathId(ctx, "id"));
        Responses.noContent(ctx);
    }

    private void cancel(Context ctx) {
        TaskJson.sendTask(ctx, 200, tasks.cancel(Requests.tenant(ctx), Requests.pathId(ctx, "id")), false);
    }

    private void retry(Context ctx) {
        TaskJson.sendTask(ctx, 200, tasks.retry(Requests.tenant(ctx), Requests.pathId(ctx, "id")), false);
    }

    /** A page of the task's events, newest first: {@code limit} (default 100) and the {@code cursor} of the page before. */
    private void events(Context ctx) {
        Integer limit = Requests.queryInt(ctx, "limit");
        Responses.json(ctx, 200, TaskDtos.events(tasks.events(Requests.tenant(ctx), Requests.pathId(ctx, "id"),
                Requests.query(ctx, "cursor"), limit == null ? TaskService.EVENTS_SHOWN : limit)));
    }

    private void throughput(Context ctx) {
        Responses.json(ctx, 200, TaskDtos.throughput(tasks.throughput(Requests.tenant(ctx))));
    }

    private void workers(Context ctx) {
        Responses.json(ctx, 200, TaskDtos.workers(tasks.workers(Requests.tenant(ctx))));
    }

    private void result(Context ctx) {
        Responses.json(ctx, 200, TaskDtos.result(tasks.result(Requests.tenant(ctx), Requests.pathId(ctx, "id"))));
    }

    /** The parents of a task in depends_on order, each with its result (a child's handler reads them). */
    private void parents(Context ctx) {
        Responses.json(ctx, 200, TaskDtos.parents(tasks.parents(Requests.tenant(ctx), Requests.pathId(ctx, "id"))));
    }

    /** A page of the children of a task ({@code limit}, default 100; {@code cursor}). */
    private void children(Context ctx) {
        Integer limit = Requests.queryInt(ctx, "limit");
        Responses.json(ctx, 200, TaskDtos.children(tasks.children(Requests.tenant(ctx), Requests.pathId(ctx, "id"),
                Requests.query(ctx, "cursor"), limit == null ? TaskParams.DEFAULT_LIMIT : limit)));
    }

    private void stats(Context ctx) {
        String tenant = Requests.tenant(ctx);
        Responses.json(ctx, 200, TaskDtos.stats(tasks.stats(tenant), limits.waiting(tenant), clock.instant()));
    }
}
