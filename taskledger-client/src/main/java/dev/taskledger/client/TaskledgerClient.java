package dev.taskledger.client;

import dev.taskledger.protocol.ChildPageDto;
import dev.taskledger.protocol.RelatedTaskDto;

import dev.taskledger.protocol.BulkRequest;
import dev.taskledger.protocol.BulkResultDto;
import dev.taskledger.protocol.CompleteRequest;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.CreatedTaskIdsDto;
import dev.taskledger.protocol.LimitDto;
import dev.taskledger.protocol.LimitRequest;
import dev.taskledger.protocol.EventDto;
import dev.taskledger.protocol.EventListDto;
import dev.taskledger.protocol.FailRequest;
import dev.taskledger.protocol.HealthDto;
import dev.taskledger.protocol.HeartbeatRequest;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.ResultDto;
import dev.taskledger.protocol.StatsDto;
import dev.taskledger.protocol.TaskDto;
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
 * Every call goes through a {@link TaskledgerBackend}: HTTP from {@link #builder()}, or in process from
 * {@code taskledger-embedded}'s {@code EmbeddedTaskledger} (same answers, same exceptions; see docs/client.md).
 */
public final class TaskledgerClient {
    private final TaskledgerBackend backend;
    private final java.util.concurrent.ConcurrentMap<String, TaskledgerClient> byTenant = new java.util.concurrent.ConcurrentHashMap<>();

    private TaskledgerClient(TaskledgerBackend backend) {
        this.backend = java.util.Objects.requireNonNull(backend);
    }

    /**
     * A client whose calls go through {@code backend}: how {@code taskledger-embedded} serves the same client in process.
     * Applications use {@link #builder()} (HTTP) or {@code EmbeddedTaskledger.builder()} instead.
     */
    public static TaskledgerClient over(TaskledgerBackend backend) {
        return new TaskledgerClient(backend);
    }

    /**
     * This client acting for {@code tenant} (sent as {@code X-Tenant}), sharing its connections; this very client when
     * {@code tenant} is null or the one it already names. A shared worker's key ({@code TASKLEDGER_WORKER_KEYS}) claims
     * across tenants without a tenant, then heartbeats, completes and fails each task under the task's own
     * {@link TaskDto#tenant()}: {@code client.forTenant(task.tenant()).complete(...)}. The {@link Worker} does this by itself.
     */
    public TaskledgerClient forTenant(String tenant) {
        if (tenant == null || tenant.equals(backend.tenant())) {
            return this;
        }
        return byTenant.computeIfAbsent(tenant, t -> new TaskledgerClient(backend.withTenant(t)));
    }

    public static TaskledgerClientBuilder builder() {
        return new TaskledgerClientBuilder();
    }

    /** The ledger of one-off work: the outcome of each item of a repair or migration. */
    public LedgerClient ledger() {
        return backend.ledger();
    }

    /** Recurring schedules: tasks created at each fire time of a cron expression or a fixed interval. */
    public ScheduleClient schedules() {
        return backend.schedules();
    }

    // ---- creating and reading ----

    /** Creates one task (201), or returns the existing one when its idempotency key was used before (200). */
    public TaskDto create(CreateTaskRequest request) {
        return backend.create(request);
    }

    /** Creates a task of {@code type} with {@code payload} (any JSON-serialisable value) and defaults otherwise. */
    public TaskDto create(String type, Object payload) {
        return create(NewTask.of(type).payload(payload).build());
    }

    /** Creates up to 1,000 tasks in one transaction, all or none; answers them in request order. */
    public List<TaskDto> createBatch(List<CreateTaskRequest> requests) {
        return backend.createBatch(requests);
    }

    /**
     * Creates up to 1,000 tasks in one transaction, all or none, like {@link #createBatch}, but answers only each
     * task's id and whether this call created it (false: its idempotency key or dedupe hash repeated), in request
     * order. The server skips serialising the tasks ({@code Prefer: return=minimal}): the cheaper call when the
     * caller does not need them.
     */
    public List<CreatedTaskIdsDto.CreatedTaskId> createBatchIds(List<CreateTaskRequest> requests) {
        return backend.createBatchIds(requests);
    }

    /**
     * Creates up to 100,000 tasks in one request and one transaction, all or none ({@code POST /api/v1/tasks/stream}):
     * the tasks go out as NDJSON while {@code requests} is iterated, so neither side holds them all. Answers each task's
     * id and whether this call created it, in order. {@code depends_on} and {@code ref} are refused (use
     * {@link #createBatch}). {@code requests} is iterated once per send; pass {@code stream::iterator} for a
     * {@link Stream}.
     */
    public List<CreatedTaskIdsDto.CreatedTaskId> createStream(Iterable<CreateTaskRequest> requests) {
        return backend.createStream(requests);
    }

    public TaskDto get(String id) {
        return backend.get(id);
    }

    /**
     * Merge-updates state, progress, metadata, tags, priority. With {@code expectedVersion} the update is sent
     * with {@code If-Match} and fails with {@link PreconditionFailedException} when the task moved on.
     */
    public TaskDto update(String id, UpdateTaskRequest patch, Integer expectedVersion) {
        return backend.update(id, patch, expectedVersion);
    }

    public TaskDto update(String id, UpdateTaskRequest patch) {
        return update(id, patch, null);
    }

    /** Deletes the task with its events and result. */
    public void delete(String id) {
        backend.delete(id);
    }

    /** One page of tasks; pass {@link TaskPageDto#nextCursor()} as {@code cursor} (null for the first page). */
    public TaskPageDto list(TaskFilter filter, String cursor) {
        return backend.list(filter, cursor);
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
        return backend.claim(types, limit, worker, leaseSeconds, waitSeconds);
    }

    /**
     * Claims this one task (the Task Repository Service's {@code claim_task}); {@link ConflictException} unless it
     * is pending and ready.
     */
    public TaskDto claim(String id, String worker, Integer leaseSeconds) {
        return backend.claimOne(id, worker, leaseSeconds);
    }

    /**
     * Extends the lease and optionally reports progress/state/metadata. {@link ConflictException} with
     * {@link ConflictException#isCancelled()} when the task was cancelled; {@link LeaseLostException} when
     * another claim holds it now.
     */
    public TaskDto heartbeat(String id, HeartbeatRequest request) {
        return backend.heartbeat(id, request);
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
        return backend.complete(id, new CompleteRequest(leaseToken, resultJson));
    }

    /**
     * processing → pending again (after backoff, or {@code retryIn} when given) while attempts remain and
     * {@code retryable}; otherwise → failed.
     */
    public TaskDto fail(String id, String leaseToken, String error, boolean retryable, Duration retryIn) {
        return backend.fail(id, new FailRequest(leaseToken, error, retryable, retryIn == null ? null : retryIn.toSeconds()));
    }

    public TaskDto fail(String id, String leaseToken, String error) {
        return fail(id, leaseToken, error, true, null);
    }

    /**
     * Hands back a claimed task whose work never started: processing → pending, ready at once, the claim's attempt
     * not counted. {@link ConflictException} when the task is no longer held under {@code leaseToken}.
     */
    public TaskDto release(String id, String leaseToken) {
        return backend.release(id, leaseToken);
    }

    /**
     * Completes many tasks in one request and one transaction ({@code POST /api/v1/tasks/complete}); each item
     * gets its own outcome, in request order.
     */
    public List<BatchOutcomesDto.Outcome> completeAll(List<CompleteTasksRequest.Completion> completions) {
        return backend.completeAll(completions);
    }

    /** Extends many leases in one request ({@code POST /api/v1/tasks/heartbeat}); one outcome per item. */
    public List<BatchOutcomesDto.Outcome> heartbeatAll(List<HeartbeatTasksRequest.Beat> beats) {
        return backend.heartbeatAll(beats);
    }

    // ---- operator transitions and reads ----

    /** pending or processing → cancelled; a worker holding it learns so at its next heartbeat. */
    public TaskDto cancel(String id) {
        return backend.cancel(id);
    }

    /** failed or cancelled → pending with retry_count 0. */
    public TaskDto retry(String id) {
        return backend.retry(id);
    }

    /** The latest (at most 100) events, newest first. */
    public List<EventDto> events(String id) {
        return backend.events(id, null, null).events();
    }

    /**
     * One page of the task's events, newest first: up to {@code limit}; pass {@link EventListDto#nextCursor()} as
     * {@code cursor} (null for the first page) for the older ones.
     */
    public EventListDto events(String id, int limit, String cursor) {
        return backend.events(id, limit, cursor);
    }

    /**
     * Retry, cancel or delete every task {@code filter} selects, server-side ({@code POST /api/v1/tasks/bulk/{action}});
     * with {@code dryRun} only counts them. Up to 100,000 tasks per call: {@link BulkResultDto#more()} says to call again.
     */
    public BulkResultDto bulk(BulkAction action, BulkRequest.Filter filter, boolean dryRun) {
        return backend.bulk(action, filter, dryRun);
    }

    /** Tasks completed and failed per minute over the last hour. */
    public ThroughputDto throughput() {
        return backend.throughput();
    }

    /** The workers seen in the last minute, with the tasks each holds. */
    public WorkersDto workers() {
        return backend.workers();
    }

    /** The tenant this client's key acts for, and whether it is the admin key. */
    public WhoAmIDto whoami() {
        return backend.whoami();
    }

    /** The stored result; {@link NotFoundException} when the task has none. */
    public ResultDto result(String id) {
        return backend.result(id);
    }

    /** The parents of a task in {@code depends_on} order, each with its result when it stored one. */
    public List<RelatedTaskDto> parents(String id) {
        return backend.parents(id);
    }

    /** One page of the children of a task, by id ({@code cursor} null for the first; {@code limit} 1-1000). */
    public ChildPageDto children(String id, String cursor, int limit) {
        return backend.children(id, cursor, limit);
    }

    /** Counts per type and status, and the age of the oldest ready task. */
    public StatsDto stats() {
        return backend.stats();
    }

    // ---- limits ----

    /**
     * Sets (inserts or replaces) a concurrency and/or rate limit of the client's tenant: tasks of {@code type}
     * (null: of any type, then a key is required), of those with {@code concurrencyKey} when not null; at most
     * {@code maxRunning} running at once (null: no such bound) and {@code rate} starts per period (null: none).
     */
    public LimitDto putLimit(String type, String concurrencyKey, Integer maxRunning, LimitRequest.Rate rate) {
        return backend.putLimit(new LimitRequest(type, concurrencyKey, maxRunning, rate));
    }

    /** The tenant's limits with their use now. */
    public List<LimitDto> limits() {
        return backend.limits();
    }

    /** Removes the limit of ({@code type}, {@code concurrencyKey}) (either may be null); {@link NotFoundException} when none. */
    public void deleteLimit(String type, String concurrencyKey) {
        backend.deleteLimit(type, concurrencyKey);
    }

    /** {@code GET /health}; a server whose database is down answers {@link ServerUnavailableException}. */
    public HealthDto health() {
        return backend.health();
    }
}
