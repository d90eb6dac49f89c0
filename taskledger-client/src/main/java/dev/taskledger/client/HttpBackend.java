package dev.taskledger.client;

import dev.taskledger.client.Transport.Call;
import dev.taskledger.protocol.BulkRequest;
import dev.taskledger.protocol.BulkResultDto;
import dev.taskledger.protocol.ChildPageDto;
import dev.taskledger.protocol.ClaimTasksRequest;
import dev.taskledger.protocol.CompleteRequest;
import dev.taskledger.protocol.CreateTaskRequest;
import dev.taskledger.protocol.CreateTasksRequest;
import dev.taskledger.protocol.CreatedTaskIdsDto;
import dev.taskledger.protocol.EventListDto;
import dev.taskledger.protocol.FailRequest;
import dev.taskledger.protocol.HealthDto;
import dev.taskledger.protocol.HeartbeatRequest;
import dev.taskledger.protocol.LimitDto;
import dev.taskledger.protocol.LimitListDto;
import dev.taskledger.protocol.LimitRequest;
import dev.taskledger.protocol.ParentListDto;
import dev.taskledger.protocol.RelatedTaskDto;
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

/** The intents of {@link TaskledgerBackend} as requests to the HTTP API (docs/api.md), sent by one {@link Transport}. */
final class HttpBackend implements TaskledgerBackend {
    private static final String TASKS = "/api/v1/tasks";
    private static final String LIMITS = "/api/v1/limits";
    private static final String NDJSON = "application/x-ndjson";

    private final Transport transport;
    private final LedgerClient ledger;
    private final ScheduleClient schedules;

    HttpBackend(Transport transport) {
        this.transport = transport;
        this.ledger = new LedgerClient(transport);
        this.schedules = new ScheduleClient(transport);
    }

    @Override
    public String tenant() {
        return transport.tenant();
    }

    @Override
    public TaskledgerBackend withTenant(String tenant) {
        return new HttpBackend(transport.withTenant(tenant));
    }

    @Override
    public TaskDto create(CreateTaskRequest request) {
        return transport.send(new Call("POST", TASKS).json(request), TaskDto.class);
    }

    @Override
    public List<TaskDto> createBatch(List<CreateTaskRequest> requests) {
        return transport.send(new Call("POST", TASKS + "/batch").json(new CreateTasksRequest(requests)), TaskListDto.class).tasks();
    }

    @Override
    public List<CreatedTaskIdsDto.CreatedTaskId> createBatchIds(List<CreateTaskRequest> requests) {
        Call call = new Call("POST", TASKS + "/batch").json(new CreateTasksRequest(requests))
                .header(CreatedTaskIdsDto.PREFER_HEADER, CreatedTaskIdsDto.RETURN_MINIMAL);
        return transport.send(call, CreatedTaskIdsDto.class).tasks();
    }

    @Override
    public List<CreatedTaskIdsDto.CreatedTaskId> createStream(Iterable<CreateTaskRequest> requests) {
        Call call = new Call("POST", TASKS + "/stream").bodyStream(() -> new NdjsonBody(requests.iterator()), NDJSON)
                .header(CreatedTaskIdsDto.PREFER_HEADER, CreatedTaskIdsDto.RETURN_MINIMAL);
        return transport.send(call, CreatedTaskIdsDto.class).tasks();
    }

    @Override
    public TaskDto get(String id) {
        return transport.send(new Call("GET", task(id)), TaskDto.class);
    }

    @Override
    public TaskDto update(String id, UpdateTaskRequest patch, Integer expectedVersion) {
        Call call = new Call("PATCH", task(id)).json(patch)
                .header("If-Match", expectedVersion == null ? null : "\"" + expectedVersion + "\"");
        return transport.send(call, TaskDto.class);
    }

    @Override
    public void delete(String id) {
        transport.send(new Call("DELETE", task(id)), Void.class);
    }

    @Override
    public TaskPageDto list(TaskFilter filter, String cursor) {
        Call call = new Call("GET", TASKS).query("status", filter.status()).query("type", filter.type())
                .query("created_after", filter.createdAfter()).query("created_before", filter.createdBefore())
                .query("limit", filter.limit()).query("idempotency_key", filter.idempotencyKey())
                .query("sort", filter.sort()).query("order", filter.order()).query("cursor", cursor);
        filter.tags().forEach(t -> call.query("tag", t));
        return transport.send(call, TaskPageDto.class);
    }

    @Override
    public List<TaskDto> claim(List<String> types, int limit, String worker, Integer leaseSeconds, int waitSeconds) {
        ClaimTasksRequest body = new ClaimTasksRequest(types, null, limit, worker, leaseSeconds, waitSeconds);
        Call call = new Call("POST", TASKS + "/claim").json(body).extraTimeout(Duration.ofSeconds(waitSeconds));
        return transport.send(call, TaskListDto.class).tasks();
    }

    @Override
    public TaskDto claimOne(String id, String worker, Integer leaseSeconds) {
        Call call = new Call("POST", task(id) + "/claim").json(new ClaimTasksRequest(null, null, null, worker, leaseSeconds, null));
        return transport.send(call, TaskDto.class);
    }

    @Override
    public TaskDto heartbeat(String id, HeartbeatRequest request) {
        return transport.send(new Call("POST", task(id) + "/heartbeat").json(request), TaskDto.class);
    }

    @Override
    public TaskDto complete(String id, CompleteRequest request) {
        return transport.send(new Call("POST", task(id) + "/complete").json(request), TaskDto.class);
    }

    @Override
    public TaskDto fail(String id, FailRequest request) {
        return transport.send(new Call("POST", task(id) + "/fail").json(request), TaskDto.class);
    }

    @Override
    public TaskDto release(String id, String leaseToken) {
        return transport.send(new Call("POST", task(id) + "/release").json(new ReleaseRequest(leaseToken)), TaskDto.class);
    }

    @Override
    public List<BatchOutcomesDto.Outcome> completeAll(List<CompleteTasksRequest.Completion> completions) {
        return transport.send(new Call("POST", TASKS + "/complete").json(new CompleteTasksRequest(completions)),
                BatchOutcomesDto.class).outcomes();
    }

    @Override
    public List<BatchOutcomesDto.Outcome> heartbeatAll(List<HeartbeatTasksRequest.Beat> beats) {
        return transport.send(new Call("POST", TASKS + "/heartbeat").json(new HeartbeatTasksRequest(beats)),
                BatchOutcomesDto.class).outcomes();
    }

    @Override
    public TaskDto cancel(String id) {
        return transport.send(new Call("POST", task(id) + "/cancel"), TaskDto.class);
    }

    @Override
    public TaskDto retry(String id) {
        return transport.send(new Call("POST", task(id) + "/retry"), TaskDto.class);
    }

    @Override
    public EventListDto events(String id, Integer limit, String cursor) {
        return transport.send(new Call("GET", task(id) + "/events").query("limit", limit).query("cursor", cursor), EventListDto.class);
    }

    @Override
    public BulkResultDto bulk(BulkAction action, BulkRequest.Filter filter, boolean dryRun) {
        return transport.send(new Call("POST", TASKS + "/bulk/" + action.wireName()).json(new BulkRequest(filter, dryRun)),
                BulkResultDto.class);
    }

    @Override
    public ThroughputDto throughput() {
        return transport.send(new Call("GET", "/api/v1/stats/throughput"), ThroughputDto.class);
    }

    @Override
    public WorkersDto workers() {
        return transport.send(new Call("GET", "/api/v1/workers"), WorkersDto.class);
    }

    @Override
    public WhoAmIDto whoami() {
        return transport.send(new Call("GET", "/api/v1/whoami"), WhoAmIDto.class);
    }

    @Override
    public ResultDto result(String id) {
        return transport.send(new Call("GET", task(id) + "/result"), ResultDto.class);
    }

    @Override
    public List<RelatedTaskDto> parents(String id) {
        return transport.send(new Call("GET", task(id) + "/parents"), ParentListDto.class).parents();
    }

    @Override
    public ChildPageDto children(String id, String cursor, int limit) {
        return transport.send(new Call("GET", task(id) + "/children").query("limit", limit).query("cursor", cursor), ChildPageDto.class);
    }

    @Override
    public StatsDto stats() {
        return transport.send(new Call("GET", "/api/v1/stats"), StatsDto.class);
    }

    @Override
    public LimitDto putLimit(LimitRequest request) {
        return transport.send(new Call("PUT", LIMITS).json(request), LimitDto.class);
    }

    @Override
    public List<LimitDto> limits() {
        return transport.send(new Call("GET", LIMITS), LimitListDto.class).limits();
    }

    @Override
    public void deleteLimit(String type, String concurrencyKey) {
        transport.send(new Call("DELETE", LIMITS).query("type", type).query("concurrency_key", concurrencyKey), Void.class);
    }

    @Override
    public HealthDto health() {
        return transport.send(new Call("GET", "/health"), HealthDto.class);
    }

    @Override
    public LedgerClient ledger() {
        return ledger;
    }

    @Override
    public ScheduleClient schedules() {
        return schedules;
    }

    private static String task(String id) {
        return TASKS + "/" + Transport.segment(id);
    }
}
