package dev.taskledger.client;

import dev.taskledger.protocol.ChildPageDto;
import dev.taskledger.protocol.ParentListDto;
import dev.taskledger.protocol.RelatedTaskDto;

import dev.taskledger.client.Transport.Call;
import dev.taskledger.protocol.BulkRequest;
import dev.taskledger.protocol.BulkResultDto;
import dev.taskledger.protocol.ClaimTasksRequest;
import dev.taskledger.protocol.CompleteRequest;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.CreateTasksRequest;
import dev.taskledger.protocol.CreatedTaskIdsDto;
import dev.taskledger.protocol.LimitDto;
import dev.taskledger.protocol.LimitListDto;
import dev.taskledger.protocol.LimitRequest;
import dev.taskledger.protocol.EventDto;
import dev.taskledger.protocol.EventListDto;
import dev.taskledger.protocol.FailRequest;
import dev.taskledger.protocol.HealthDto;
import dev.taskledger.protocol.HeartbeatRequest;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ReleaseRequest;
import dev.taskledger.protocol.ResultDto;
import dev.taskledger.protocol.StatsDto;
import dev.taskledger.protocol.TaskDto;
import dev.taskledger.protocol.TaskListDto;
import dev.taskledger.protocol.TaskPageDto;
import dev.taskledger.protocol.ThroughputDto;
import dev.taskledger.protocol.UpdateTaskRequest;
import dev.taskledger.protocol.WhoAmIDto;
import dev.taskledger.protocol.WorkersDto;
import dev.taskledger.protocol.batch.BatchOutcomesDto;
import dev.taskledger.protocol.batch.CompleteTasksRequest;
import dev.taskledger.protocol.batch.HeartbeatTasksRequest;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Taskledger HTTP API as typed Java calls (see {@code docs/api.md}). Thread-safe: build one per process
 * and share it. Every call blocks its thread (cheap on virtual threads) and either returns the answer or
 * throws a {@link TaskledgerException} subclass ({@link NotFoundException}, {@link ConflictException},
 * {@link LeaseLostException}, ...) or a {@link TransportException}.
 *
 * <pre>{@code
 * TaskledgerClient client = TaskledgerClient.builder().baseUrl("http://127.0.0.1:8503").apiKey(key).build();
 * TaskDto task = client.create(NewTask.of("email").payload(Map.of("to", "a@example.org")).build());
 * }</pre>
 * Ledger calls are under {@link #ledger()}, schedules under {@link #schedules()}; the worker runtime is {@link Worker}.
 */
public final class TaskledgerClient {
    private static final String TASKS = "/api/v1/tasks";
    private static final String LIMITS = "/api/v1/limits";

    private final Transport transport;
    private final LedgerClient ledger;
    private final ScheduleClient schedules;
    private final java.util.concurrent.ConcurrentMap<String, TaskledgerClient> byTenant = new java.util.concurrent.ConcurrentHashMap<>();

    TaskledgerClient(Transport transport) {
        this.transport = transport;
        this.ledger = new LedgerClient(transport);
        this.schedules = new ScheduleClient(transport);
    }

    /**
     * This client acting for {@code tenant} (sent as {@code X-Tenant}), sharing its connections; this very client when
     * {@code tenant} is null or the one it already names. A shared worker's key ({@code TASKLEDGER_WORKER_KEYS}) claims
     * across tenants without a tenant, then heartbeats, completes and fails each task under the task's own
     * {@link TaskDto#tenant()}: {@code client.forTenant(task.tenant()).complete(...)}. The {@link Worker} does this by itself.
     */
    public TaskledgerClient forTenant(String tenant) {
        if (tenant == null || tenant.equals(transport.tenant())) {
            return this;
        }
        return byTenant.computeIfAbsent(tenant, t -> new TaskledgerClient(transport.withTenant(t)));
    }

    public static TaskledgerClientBuilder builder() {
        return new TaskledgerClientBuilder();
    }

    /** The ledger of one-off work: the outcome of each item of a repair or migration. */
    public LedgerClient ledger() {
        return ledger;
    }

    /** Recurring schedules: tasks created at each fire time of a cron expression or a fixed interval. */
    public ScheduleClient schedules() {
        return schedules;
    }

    // ---- creating and reading ----

    /** Creates one task (201), or returns the existing one when its idempotency key was used before (200). */
    public TaskDto create(CreateTaskRequest request) {
        return transport.send(new Call("POST", TASKS).json(request), TaskDto.class);
    }

    /** Creates a task of {@code type} with {@code payload} (any JSON-serialisable value) and defaults otherwise. */
    public TaskDto create(String type, Object payload) {
        return create(NewTask.of(type).payload(payload).build());
    }

    /** Creates up to 1,000 tasks in one transaction, all or none; answers them in request order. */
    public List<TaskDto> createBatch(List<CreateTaskRequest> requests) {
        return transport.send(new Call("POST", TASKS + "/batch").json(new CreateTasksRequest(requests)), TaskListDto.class).tasks();
    }

    /**
     * Creates up to 1,000 tasks in one transaction, all or none, like {@link #createBatch}, but answers only each
     * task's id and whether this call created it (false: its idempotency key or dedupe hash repeated), in request
     * order. The server skips serialising the tasks ({@code Prefer: return=minimal}): the cheaper call when the
     * caller does not need them.
     */
    public List<CreatedTaskIdsDto.CreatedTaskId> createBatchIds(List<CreateTaskRequest> requests) {
        Call call = new Call("POST", TASKS + "/batch").json(new CreateTasksRequest(requests))
                .header(CreatedTaskIdsDto.PREFER_HEADER, CreatedTaskIdsDto.RETURN_MINIMAL);
        return transport.send(call, CreatedTaskIdsDto.class).tasks();
    }

    public TaskDto get(String id) {
        return transport.send(new Call("GET", task(id)), TaskDto.class);
    }

    /**
     * Merge-updates state, progress, metadata, tags, priority. With {@code expectedVersion} the update is sent
     * with {@code If-Match} and fails with {@link PreconditionFailedException} when the task moved on.
     */
    public TaskDto update(String id, UpdateTaskRequest patch, Integer expectedVersion) {
        Call call = new Call("PATCH", task(id)).json(patch)
                .header("If-Match", expectedVersion == null ? null : "\"" + expectedVersion + "\"");
        return transport.send(call, TaskDto.class);
    }

    public TaskDto update(String id, UpdateTaskRequest patch) {
        return update(id, patch, null);
    }

    /** Deletes the task with its events and result. */
    public void delete(String id) {
        transport.send(new Call("DELETE", task(id)), Void.class);
    }

    /** One page of tasks; pass {@link TaskPageDto#nextCursor()} as {@code cursor} (null for the first page). */
    public TaskPageDto list(TaskFilter filter, String cursor) {
        Call call = new Call("GET", TASKS).query("status", filter.status()).query("type", filter.type())
                .query("created_after", filter.createdAfter()).query("created_before", filter.createdBefore())
                .query("limit", filter.limit()).query("idempotency_key", filter.idempotencyKey())
                .query("sort", filter.sort()).query("order", filter.order()).query("cursor", cursor);
        filter.tags().forEach(t -> call.query("tag", t));
        return transport.send(call, TaskPageDto.class);
    }

    /** Every matching task, fetching pages lazily as the stream is consumed. */
    public Stream<TaskDto> listAll(TaskFilter filter) {
        return Pages.stream(cursor -> list(filter, cursor), TaskPageDto::tasks, TaskPageDto::nextCursor);
    }

    // ---- the worker side ----

    /**
     * Claims up to {@code limit} ready tasks of {@code types} (empty = any) for {@code worker}; with
     * {@code wait} > 0 the server holds the request (at most 30 s) until one is ready. The tasks carry their
     * {@code lease_token}. {@code leaseSeconds} null uses each task's own lease.
     */
    public List<TaskDto> claim(List<String> types, int limit, String worker, Integer leaseSeconds, Duration wait) {
        int waitSeconds = wait == null ? 0 : (int) Math.min(30, wait.toSeconds());
        ClaimTasksRequest body = new ClaimTasksRequest(types, null, limit, worker, leaseSeconds, waitSeconds);
        Call call = new Call("POST", TASKS + "/claim").json(body).extraTimeout(Duration.ofSeconds(waitSeconds));
        return transport.send(call, TaskListDto.class).tasks();
    }

    /**
     * Claims this one task (the Task Repository Service's {@code claim_task}); {@link ConflictException} unless it
     * is pending and ready.
     */
    public TaskDto claim(String id, String worker, Integer leaseSeconds) {
        Call call = new Call("POST", task(id) + "/claim").json(new ClaimTasksRequest(null, null, null, worker, leaseSeconds, null));
        return transport.send(call, TaskDto.class);
    }

    /**
     * Extends the lease and optionally reports progress/state/metadata. {@link ConflictException} with
     * {@link ConflictException#isCancelled()} when the task was cancelled; {@link LeaseLostException} when
     * another claim holds it now.
     */
    public TaskDto heartbeat(String id, HeartbeatRequest request) {
        return transport.send(new Call("POST", task(id) + "/heartbeat").json(request), TaskDto.class);
    }

    public TaskDto heartbeat(String id, String leaseToken) {
        return heartbeat(id, new HeartbeatRequest(leaseToken, null, null, null, null));
    }

    /** processing → completed with {@code result} (any JSON-serialisable value; null = no result). */
    public TaskDto complete(String id, String leaseToken, Object result) {
        return completeJson(id, leaseToken, result == null ? null : Json.toText(result));
    }

    /** As {@link #complete}, with the result given as JSON text. */
    public TaskDto completeJson(String id, String leaseToken, String resultJson) {
        return transport.send(new Call("POST", task(id) + "/complete").json(new CompleteRequest(leaseToken, resultJson)), TaskDto.class);
    }

    /**
     * processing → pending again (after backoff, or {@code retryIn} when given) while attempts remain and
     * {@code retryable}; otherwise → failed.
     */
    public TaskDto fail(String id, String leaseToken, String error, boolean retryable, Duration retryIn) {
        FailRequest body = new FailRequest(leaseToken, error, retryable, retryIn == null ? null : retryIn.toSeconds());
        return transport.send(new Call("POST", task(id) + "/fail").json(body), TaskDto.class);
    }

    public TaskDto fail(String id, String leaseToken, String error) {
        return fail(id, leaseToken, error, true, null);
    }

    /**
     * Hands back a claimed task whose work never started: processing → pending, ready at once, the claim's attempt
     * not counted. {@link ConflictException} when the task is no longer held under {@code leaseToken}.
     */
    public TaskDto release(String id, String leaseToken) {
        return transport.send(new Call("POST", task(id) + "/release").json(new ReleaseRequest(leaseToken)), TaskDto.class);
    }

    /**
     * Completes many tasks in one request and one transaction ({@code POST /api/v1/tasks/complete}); each item
     * gets its own outcome, in request order.
     */
    public List<BatchOutcomesDto.Outcome> completeAll(List<CompleteTasksRequest.Completion> completions) {
        return transport.send(new Call("POST", TASKS + "/complete").json(new CompleteTasksRequest(completions)),
                BatchOutcomesDto.class).outcomes();
    }

    /** Extends many leases in one request ({@code POST /api/v1/tasks/heartbeat}); one outcome per item. */
    public List<BatchOutcomesDto.Outcome> heartbeatAll(List<HeartbeatTasksRequest.Beat> beats) {
        return transport.send(new Call("POST", TASKS + "/heartbeat").json(new HeartbeatTasksRequest(beats)),
                BatchOutcomesDto.class).outcomes();
    }

    // ---- operator transitions and reads ----

    /** pending or processing → cancelled; a worker holding it learns so at its next heartbeat. */
    public TaskDto cancel(String id) {
        return transport.send(new Call("POST", task(id) + "/cancel"), TaskDto.class);
    }

    /** failed or cancelled → pending with retry_count 0. */
    public TaskDto retry(String id) {
        return transport.send(new Call("POST", task(id) + "/retry"), TaskDto.class);
    }

    /** The latest (at most 100) events, newest first. */
    public List<EventDto> events(String id) {
        return transport.send(new Call("GET", task(id) + "/events"), EventListDto.class).events();
    }

    /**
     * One page of the task's events, newest first: up to {@code limit}; pass {@link EventListDto#nextCursor()} as
     * {@code cursor} (null for the first page) for the older ones.
     */
    public EventListDto events(String id, int limit, String cursor) {
        return transport.send(new Call("GET", task(id) + "/events").query("limit", limit).query("cursor", cursor), EventListDto.class);
    }

    /**
     * Retry, cancel or delete every task {@code filter} selects, server-side ({@code POST /api/v1/tasks/bulk/{action}});
     * with {@code dryRun} only counts them. Up to 100,000 tasks per call: {@link BulkResultDto#more()} says to call again.
     */
    public BulkResultDto bulk(BulkAction action, BulkRequest.Filter filter, boolean dryRun) {
        return transport.send(new Call("POST", TASKS + "/bulk/" + action.wireName()).json(new BulkRequest(filter, dryRun)),
                BulkResultDto.class);
    }

    /** Tasks completed and failed per minute over the last hour. */
    public ThroughputDto throughput() {
        return transport.send(new Call("GET", "/api/v1/stats/throughput"), ThroughputDto.class);
    }

    /** The workers seen in the last minute, with the tasks each holds. */
    public WorkersDto workers() {
        return transport.send(new Call("GET", "/api/v1/workers"), WorkersDto.class);
    }

    /** The tenant this client's key acts for, and whether it is the admin key. */
    public WhoAmIDto whoami() {
        return transport.send(new Call("GET", "/api/v1/whoami"), WhoAmIDto.class);
    }

    /** The stored result; {@link NotFoundException} when the task has none. */
    public ResultDto result(String id) {
        return transport.send(new Call("GET", task(id) + "/result"), ResultDto.class);
    }

    /** The parents of a task in {@code depends_on} order, each with its result when it stored one. */
    public List<RelatedTaskDto> parents(String id) {
        return transport.send(new Call("GET", task(id) + "/parents"), ParentListDto.class).parents();
    }

    /** One page of the children of a task, by id ({@code cursor} null for the first; {@code limit} 1-1000). */
    public ChildPageDto children(String id, String cursor, int limit) {
        StringBuilder path = new StringBuilder(task(id)).append("/children?limit=").append(limit);
        if (cursor != null) {
            path.append("&cursor=").append(java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
        }
        return transport.send(new Call("GET", path.toString()), ChildPageDto.class);
    }

    /** Counts per type and status, and the age of the oldest ready task. */
    public StatsDto stats() {
        return transport.send(new Call("GET", "/api/v1/stats"), StatsDto.class);
    }

    // ---- limits ----

    /**
     * Sets (inserts or replaces) a concurrency and/or rate limit of the client's tenant: tasks of {@code type}
     * (null: of any type, then a key is required), of those with {@code concurrencyKey} when not null; at most
     * {@code maxRunning} running at once (null: no such bound) and {@code rate} starts per period (null: none).
     */
    public LimitDto putLimit(String type, String concurrencyKey, Integer maxRunning, LimitRequest.Rate rate) {
        return transport.send(new Call("PUT", LIMITS).json(new LimitRequest(type, concurrencyKey, maxRunning, rate)), LimitDto.class);
    }

    /** The tenant's limits with their use now. */
    public List<LimitDto> limits() {
        return transport.send(new Call("GET", LIMITS), LimitListDto.class).limits();
    }

    /** Removes the limit of ({@code type}, {@code concurrencyKey}) (either may be null); {@link NotFoundException} when none. */
    public void deleteLimit(String type, String concurrencyKey) {
        transport.send(new Call("DELETE", LIMITS).query("type", type).query("concurrency_key", concurrencyKey), Void.class);
    }

    /** {@code GET /health}; a server whose database is down answers {@link ServerUnavailableException}. */
    public HealthDto health() {
        return transport.send(new Call("GET", "/health"), HealthDto.class);
    }

    private static String task(String id) {
        return TASKS + "/" + Transport.segment(id);
    }
}
