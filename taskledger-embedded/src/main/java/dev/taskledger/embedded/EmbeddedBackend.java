package dev.taskledger.embedded;

import dev.taskledger.client.BulkAction;
import dev.taskledger.client.LedgerClient;
import dev.taskledger.client.ScheduleClient;
import dev.taskledger.client.TaskFilter;
import dev.taskledger.client.TaskledgerBackend;
import dev.taskledger.client.TransportException;
import dev.taskledger.common.Ids;
import dev.taskledger.common.Page;
import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.BulkRequest;
import dev.taskledger.protocol.BulkResultDto;
import dev.taskledger.protocol.ChildPageDto;
import dev.taskledger.protocol.CompleteRequest;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.CreatedTaskIdsDto;
import dev.taskledger.protocol.EventListDto;
import dev.taskledger.protocol.FailRequest;
import dev.taskledger.protocol.HealthDto;
import dev.taskledger.protocol.HeartbeatRequest;
import dev.taskledger.protocol.Json;
import dev.taskledger.protocol.LimitDto;
import dev.taskledger.protocol.LimitRequest;
import dev.taskledger.protocol.RelatedTaskDto;
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
import dev.taskledger.queue.ClaimRequest;
import dev.taskledger.queue.Failure;
import dev.taskledger.queue.Heartbeat;
import dev.taskledger.queue.Queue;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskBulk;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskService;
import dev.taskledger.wire.LimitDtos;
import dev.taskledger.wire.TaskDtos;
import dev.taskledger.wire.TaskFilters;
import dev.taskledger.wire.TaskSpecs;
import dev.taskledger.wire.WorkItems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * The client's intents served in this process by the core services of one {@link Queue}, for one tenant: each call is
 * what the matching HTTP route does without the HTTP (the same mapping, {@code taskledger-wire}; the same services,
 * transactions and SQL). Errors become the HTTP client's exceptions ({@link Errors}). What has no in-process form
 * (ledger, schedules, health) throws {@link UnsupportedOperationException} naming the call.
 */
final class EmbeddedBackend implements TaskledgerBackend {
    private final Queue queue;
    private final Clock clock;
    private final String tenant;

    EmbeddedBackend(Queue queue, Clock clock, String tenant) {
        this.queue = queue;
        this.clock = clock;
        this.tenant = tenant;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public TaskledgerBackend withTenant(String other) {
        return new EmbeddedBackend(queue, clock, other);
    }

    private TaskService tasks() {
        return queue.tasks();
    }

    // ---- creating and reading ----

    @Override
    public TaskDto create(CreateTaskRequest request) {
        return Errors.call(() -> decoded(TaskDtos.task(tasks().create(tenant, TaskSpecs.from(request, null, "")).task(), false)));
    }

    @Override
    public List<TaskDto> createBatch(List<CreateTaskRequest> requests) {
        return Errors.call(() -> decoded(TaskDtos.taskList(tasks().createAll(tenant, TaskSpecs.fromBatch(requests, null)).stream()
                .map(TaskService.Created::task).toList(), false)).tasks());
    }

    @Override
    public List<CreatedTaskIdsDto.CreatedTaskId> createBatchIds(List<CreateTaskRequest> requests) {
        return Errors.call(() -> TaskDtos.createdIds(tasks().createAll(tenant, TaskSpecs.fromBatch(requests, null))).tasks());
    }

    /** Each request is checked as a streamed line is (its errors name the line, counted from 1). */
    @Override
    public List<CreatedTaskIdsDto.CreatedTaskId> createStream(Iterable<CreateTaskRequest> requests) {
        return Errors.call(() -> {
            Iterator<CreateTaskRequest> in = requests.iterator();
            Iterator<TaskService.StreamedSpec> specs = new Iterator<>() {
                private long line;

                @Override
                public boolean hasNext() {
                    return in.hasNext();
                }

                @Override
                public TaskService.StreamedSpec next() {
                    line++;
                    return new TaskService.StreamedSpec(line, TaskSpecs.from(in.next(), null, "line " + line + ": "));
                }
            };
            return TaskDtos.streamedIds(tasks().createStream(tenant, specs)).tasks();
        });
    }

    @Override
    public TaskDto get(String id) {
        return Errors.call(() -> decoded(TaskDtos.task(tasks().get(tenant, taskId(id)), false)));
    }

    @Override
    public TaskDto update(String id, UpdateTaskRequest patch, Integer expectedVersion) {
        return Errors.call(() -> decoded(TaskDtos.task(tasks().update(tenant, taskId(id), TaskSpecs.patch(patch, expectedVersion)), false)));
    }

    @Override
    public void delete(String id) {
        Errors.run(() -> tasks().delete(tenant, taskId(id)));
    }

    @Override
    public TaskPageDto list(TaskFilter filter, String cursor) {
        return Errors.call(() -> {
            TaskQuery query = TaskFilters.query(tenant, filter.status(), filter.type(), filter.tags(),
                    filter.createdAfter(), filter.createdBefore(), filter.idempotencyKey(), filter.sort(), filter.order(),
                    filter.limit(), cursor);
            Page<Task> page = tasks().list(query);
            return decoded(new TaskPageDto(TaskDtos.listed(page.items(), queue.limits().rateLimitedUntil(tenant, page.items())),
                    page.nextCursor()));
        });
    }

    // ---- the worker side ----

    @Override
    public List<TaskDto> claim(List<String> types, int limit, String worker, Integer leaseSeconds, int waitSeconds) {
        return Errors.call(() -> {
            ClaimRequest request = new ClaimRequest(tenant, types == null ? List.of() : types, limit, worker, leaseSeconds, waitSeconds);
            try {
                return decoded(TaskDtos.taskList(queue.work().claim(request), true)).tasks();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as the HTTP client: an interrupted call has no answer
                throw new TransportException("the claim was interrupted", e);
            }
        });
    }

    @Override
    public TaskDto claimOne(String id, String worker, Integer leaseSeconds) {
        return Errors.call(() -> decoded(TaskDtos.task(queue.work().claimOne(tenant, taskId(id), worker, leaseSeconds), true)));
    }

    @Override
    public TaskDto heartbeat(String id, HeartbeatRequest r) {
        return Errors.call(() -> decoded(TaskDtos.task(queue.work().heartbeat(tenant, taskId(id),
                new Heartbeat(token(r.leaseToken()), r.leaseSeconds(), r.progress(), r.state(), r.metadata())), true)));
    }

    @Override
    public TaskDto complete(String id, CompleteRequest r) {
        return Errors.call(() -> decoded(TaskDtos.task(queue.work().complete(tenant, taskId(id), token(r.leaseToken()), r.result()), false)));
    }

    @Override
    public TaskDto fail(String id, FailRequest r) {
        Failure failure = new Failure(token(r.leaseToken()), r.error(), r.isRetryable(), r.retryInSeconds());
        return Errors.call(() -> decoded(TaskDtos.task(queue.work().fail(tenant, taskId(id), failure), false)));
    }

    @Override
    public TaskDto release(String id, String leaseToken) {
        return Errors.call(() -> decoded(TaskDtos.task(queue.work().release(tenant, taskId(id), token(leaseToken)), false)));
    }

    @Override
    public List<BatchOutcomesDto.Outcome> completeAll(List<CompleteTasksRequest.Completion> completions) {
        return Errors.call(() -> TaskDtos.outcomes(queue.work().completeAll(tenant,
                WorkItems.completions(completions, WorkItems.TokenCheck.NONE))).outcomes());
    }

    @Override
    public List<BatchOutcomesDto.Outcome> heartbeatAll(List<HeartbeatTasksRequest.Beat> beats) {
        return Errors.call(() -> TaskDtos.outcomes(queue.work().heartbeatAll(tenant,
                WorkItems.extensions(beats, WorkItems.TokenCheck.NONE))).outcomes());
    }

    // ---- operator transitions and reads ----

    @Override
    public TaskDto cancel(String id) {
        return Errors.call(() -> decoded(TaskDtos.task(tasks().cancel(tenant, taskId(id)), false)));
    }

    @Override
    public TaskDto retry(String id) {
        return Errors.call(() -> decoded(TaskDtos.task(tasks().retry(tenant, taskId(id)), false)));
    }

    @Override
    public EventListDto events(String id, Integer limit, String cursor) {
        return Errors.call(() -> decoded(TaskDtos.events(tasks().events(tenant, taskId(id), cursor,
                limit == null ? TaskService.EVENTS_SHOWN : limit))));
    }

    @Override
    public BulkResultDto bulk(BulkAction action, BulkRequest.Filter filter, boolean dryRun) {
        return Errors.call(() -> {
            dev.taskledger.queue.BulkAction core = dev.taskledger.queue.BulkAction.parse(action.wireName()).orElseThrow();
            TaskBulk.Outcome outcome = queue.bulk().run(core, TaskFilters.filter(filter, tenant), dryRun);
            return new BulkResultDto(core.wireName(), dryRun, outcome.matched(), outcome.applied(), outcome.more());
        });
    }

    @Override
    public ThroughputDto throughput() {
        return Errors.call(() -> TaskDtos.throughput(tasks().throughput(tenant)));
    }

    @Override
    public WorkersDto workers() {
        return Errors.call(() -> TaskDtos.workers(tasks().workers(tenant)));
    }

    /** In process there is no key: the client acts for its tenant, never as the admin, and no key is required. */
    @Override
    public WhoAmIDto whoami() {
        return new WhoAmIDto(tenant, false, false);
    }

    @Override
    public ResultDto result(String id) {
        return Errors.call(() -> decoded(TaskDtos.result(tasks().result(tenant, taskId(id)))));
    }

    @Override
    public List<RelatedTaskDto> parents(String id) {
        return Errors.call(() -> decoded(TaskDtos.parents(tasks().parents(tenant, taskId(id)))).parents());
    }

    @Override
    public ChildPageDto children(String id, String cursor, int limit) {
        return Errors.call(() -> decoded(TaskDtos.children(tasks().children(tenant, taskId(id), cursor, limit))));
    }

    @Override
    public StatsDto stats() {
        return Errors.call(() -> TaskDtos.stats(tasks().stats(tenant), queue.limits().waiting(tenant), clock.instant()));
    }

    // ---- limits ----

    @Override
    public LimitDto putLimit(LimitRequest request) {
        return Errors.call(() -> LimitDtos.dto(queue.limits().put(tenant, LimitDtos.spec(request))));
    }

    @Override
    public List<LimitDto> limits() {
        return Errors.call(() -> queue.limits().list(tenant).stream().map(LimitDtos::dto).toList());
    }

    @Override
    public void deleteLimit(String type, String concurrencyKey) {
        Errors.run(() -> queue.limits().delete(tenant, type, concurrencyKey));
    }

    // ---- not served in process ----

    @Override
    public HealthDto health() {
        throw Errors.unsupported("health()");
    }

    @Override
    public LedgerClient ledger() {
        throw Errors.unsupported("ledger()");
    }

    @Override
    public ScheduleClient schedules() {
        throw Errors.unsupported("schedules()");
    }

    /** A task id; anything else names no task (404), as a malformed id in a URL path does. */
    private static UUID taskId(String id) {
        UUID parsed = Ids.parseOrNull(id);
        if (parsed == null) {
            throw ServiceException.notFound("no task " + id);
        }
        return parsed;
    }

    /**
     * An answer as the HTTP client decodes it: a value with JSON-valued fields (payload, metadata, result, an
     * event's detail) goes through the wire's codec once, so their text is the compact form the HTTP client reads
     * ({@code RawJson}), not the database's spelling (PostgreSQL's jsonb writes {@code {"n": 1}}). Answers without such
     * fields are not re-coded.
     */
    @SuppressWarnings("unchecked")
    private static <T> T decoded(T answer) {
        try {
            return Json.read(Json.toBytes(answer), (Class<T>) answer.getClass());
        } catch (IOException e) {
            throw new UncheckedIOException("re-decoding " + answer.getClass().getSimpleName() + " failed", e);
        }
    }

    private static String token(String token) {
        return token == null || token.isBlank() ? null : token.trim();
    }
}
