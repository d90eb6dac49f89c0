package dev.taskledger.client;

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

import java.util.List;

/**
 * What a {@link TaskledgerClient} sends its calls through: one method per intent, with the wire records as arguments
 * and answers, and errors as the typed {@link TaskledgerException}s. Two implementations: HTTP (the default,
 * {@link TaskledgerClient#builder()}) and in-process ({@code taskledger-embedded}'s {@code EmbeddedTaskledger}, over the
 * core services and a store, no HTTP hop), so code using the client behaves the same in both modes. An implementation
 * that cannot serve an intent throws {@link UnsupportedOperationException} naming it.
 */
public interface TaskledgerBackend {
    /** The tenant this backend acts for; null when it is the key's own (HTTP) or a shared worker's claim. */
    String tenant();

    /** This backend acting for {@code tenant}, sharing its resources (HTTP: its connections). */
    TaskledgerBackend withTenant(String tenant);

    TaskDto create(CreateTaskRequest request);

    List<TaskDto> createBatch(List<CreateTaskRequest> requests);

    List<CreatedTaskIdsDto.CreatedTaskId> createBatchIds(List<CreateTaskRequest> requests);

    /** Up to 100,000 tasks in one transaction, read from {@code requests} as they are written; ids only. */
    List<CreatedTaskIdsDto.CreatedTaskId> createStream(Iterable<CreateTaskRequest> requests);

    TaskDto get(String id);

    TaskDto update(String id, UpdateTaskRequest patch, Integer expectedVersion);

    void delete(String id);

    TaskPageDto list(TaskFilter filter, String cursor);

    /** A batch claim; {@code waitSeconds} 0-30 long-polls. */
    List<TaskDto> claim(List<String> types, int limit, String worker, Integer leaseSeconds, int waitSeconds);

    TaskDto claimOne(String id, String worker, Integer leaseSeconds);

    TaskDto heartbeat(String id, HeartbeatRequest request);

    TaskDto complete(String id, CompleteRequest request);

    TaskDto fail(String id, FailRequest request);

    TaskDto release(String id, String leaseToken);

    List<BatchOutcomesDto.Outcome> completeAll(List<CompleteTasksRequest.Completion> completions);

    List<BatchOutcomesDto.Outcome> heartbeatAll(List<HeartbeatTasksRequest.Beat> beats);

    TaskDto cancel(String id);

    TaskDto retry(String id);

    /** A page of events, newest first; {@code limit} null: the server's default (100). */
    EventListDto events(String id, Integer limit, String cursor);

    BulkResultDto bulk(BulkAction action, BulkRequest.Filter filter, boolean dryRun);

    ThroughputDto throughput();

    WorkersDto workers();

    WhoAmIDto whoami();

    ResultDto result(String id);

    List<RelatedTaskDto> parents(String id);

    ChildPageDto children(String id, String cursor, int limit);

    StatsDto stats();

    LimitDto putLimit(LimitRequest request);

    List<LimitDto> limits();

    void deleteLimit(String type, String concurrencyKey);

    HealthDto health();

    LedgerClient ledger();

    ScheduleClient schedules();
}
