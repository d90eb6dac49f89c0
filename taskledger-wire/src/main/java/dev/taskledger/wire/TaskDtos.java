package dev.taskledger.wire;

import dev.taskledger.protocol.CreatedTaskIdsDto;
import dev.taskledger.protocol.EventDto;
import dev.taskledger.protocol.EventListDto;
import dev.taskledger.protocol.ResultDto;
import dev.taskledger.protocol.RelatedTaskDto;
import dev.taskledger.protocol.ParentListDto;
import dev.taskledger.protocol.ChildPageDto;
import dev.taskledger.queue.Related;
import dev.taskledger.common.Page;
import dev.taskledger.protocol.StatsDto;
import dev.taskledger.protocol.TaskDto;
import dev.taskledger.protocol.TaskListDto;
import dev.taskledger.protocol.ThroughputDto;
import dev.taskledger.protocol.WorkersDto;
import dev.taskledger.queue.LimitService;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskActivity;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.TaskService;
import dev.taskledger.queue.TaskStats;
import dev.taskledger.queue.TaskStatus;

import dev.taskledger.common.ServiceException;
import dev.taskledger.protocol.ProblemType;
import dev.taskledger.protocol.batch.BatchOutcomesDto;
import dev.taskledger.queue.ItemOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Domain objects (core) to wire records (protocol), the one place both the HTTP server and the embedded client map
 * through, so a task reads the same in both. JSON-valued fields pass through as text.
 */
public final class TaskDtos {
    private TaskDtos() {}

    /**
     * The task as the API shows it. The lease token is shown only to the worker that just obtained or
     * renewed the lease ({@code withLeaseToken}); anyone else who can read the task must not be able to act
     * as its worker.
     */
    public static TaskDto task(Task t, boolean withLeaseToken) {
        return task(t, withLeaseToken, null);
    }

    /** {@link #task(Task, boolean)} with the time its next start is free when a rate limit holds it back (else null). */
    public static TaskDto task(Task t, boolean withLeaseToken, Instant rateLimitedUntil) {
        String id = t.id().toString();
        return new TaskDto(id, id, t.tenant(), t.type(), t.status().wireName(), t.state(), t.progress(), t.priority(),
                t.payload(), t.metadata(), t.tags(), t.error(), t.retryCount(), t.maxAttempts(), t.leaseSeconds(),
                t.runAt(), t.leaseOwner(), withLeaseToken ? t.leaseToken() : null, t.leaseExpiresAt(), t.createdAt(),
                t.updatedAt(), t.startedAt(), t.finishedAt(), t.version(), t.concurrencyKey(), rateLimitedUntil,
                t.timeoutSeconds(), t.deadline());
    }

    public static List<TaskDto> tasks(List<Task> tasks, boolean withLeaseToken) {
        List<TaskDto> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            out.add(task(t, withLeaseToken));
        }
        return out;
    }

    /** The tasks of a listing, each with its {@code rate_limited_until} when it has one. */
    public static List<TaskDto> listed(List<Task> tasks, Map<UUID, Instant> rateLimitedUntil) {
        List<TaskDto> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            out.add(task(t, false, rateLimitedUntil.get(t.id())));
        }
        return out;
    }

    public static TaskListDto taskList(List<Task> tasks, boolean withLeaseToken) {
        return new TaskListDto(tasks(tasks, withLeaseToken));
    }

    /** The answer to a batch create with {@code Prefer: return=minimal}: ids and whether each was created. */
    public static CreatedTaskIdsDto createdIds(List<TaskService.Created> created) {
        List<CreatedTaskIdsDto.CreatedTaskId> out = new ArrayList<>(created.size());
        for (TaskService.Created c : created) {
            out.add(new CreatedTaskIdsDto.CreatedTaskId(c.task().id().toString(), c.created()));
        }
        return new CreatedTaskIdsDto(out);
    }

    /** The answer to a streamed create: ids and whether each was created, in order. */
    public static CreatedTaskIdsDto streamedIds(List<TaskService.StreamedId> created) {
        List<CreatedTaskIdsDto.CreatedTaskId> out = new ArrayList<>(created.size());
        for (TaskService.StreamedId c : created) {
            out.add(new CreatedTaskIdsDto.CreatedTaskId(c.id().toString(), c.created()));
        }
        return new CreatedTaskIdsDto(out);
    }

    public static EventListDto events(Page<TaskEvent> page) {
        return events(page.items(), page.nextCursor());
    }

    public static ThroughputDto throughput(List<TaskActivity.Minute> minutes) {
        return new ThroughputDto(minutes.stream().map(m -> new ThroughputDto.Minute(m.minute(), m.completed(), m.failed())).toList());
    }

    public static WorkersDto workers(List<TaskActivity.Worker> workers) {
        return new WorkersDto(workers.stream().map(w -> new WorkersDto.Worker(w.worker(), w.inFlight(), w.lastSeen())).toList());
    }

    public static EventListDto events(List<TaskEvent> events, String nextCursor) {
        List<EventDto> out = new ArrayList<>(events.size());
        for (TaskEvent e : events) {
            out.add(new EventDto(e.id().toString(), e.taskId().toString(), e.status().wireName(), e.state(), e.detail(),
                    e.actor(), e.createdAt()));
        }
        return new EventListDto(out, nextCursor);
    }

    /** A parent (with its result, when it has one) or a child of a task. */
    public static RelatedTaskDto related(Related r) {
        return new RelatedTaskDto(task(r.task(), false), r.onParentFailure().wireName(),
                r.result() == null ? null : r.result().payload());
    }

    public static ParentListDto parents(List<Related> parents) {
        return new ParentListDto(parents.stream().map(TaskDtos::related).toList());
    }

    public static ChildPageDto children(Page<Related> page) {
        return new ChildPageDto(page.items().stream().map(TaskDtos::related).toList(), page.nextCursor());
    }

    public static ResultDto result(TaskResult r) {
        return new ResultDto(r.taskId().toString(), r.payload(), r.createdAt());
    }

    public static StatsDto stats(TaskStats stats, List<LimitService.Waiting> limited, Instant now) {
        List<StatsDto.Count> counts = new ArrayList<>(stats.counts().size());
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (TaskStatus s : TaskStatus.values()) {
            byStatus.put(s.wireName(), 0L);
        }
        for (TaskStats.Count c : stats.counts()) {
            counts.add(new StatsDto.Count(c.type(), c.status().wireName(), c.count()));
            byStatus.merge(c.status().wireName(), c.count(), Long::sum);
        }
        Instant oldest = stats.oldestReadyRunAt();
        Double age = oldest == null ? null : Math.max(0, Duration.between(oldest, now).toMillis()) / 1000.0;
        List<StatsDto.OldestReady> byType = new ArrayList<>();
        stats.oldestReadyByType().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> byType.add(
                new StatsDto.OldestReady(e.getKey(), e.getValue(), Math.max(0, Duration.between(e.getValue(), now).toMillis()) / 1000.0)));
        List<StatsDto.LimitedType> limits = limited.isEmpty() ? null : limited.stream()
                .map(w -> new StatsDto.LimitedType(w.type(), w.running(), w.limitedWaiting(), w.rateLimitedWaiting())).toList();
        return new StatsDto(counts, byStatus, oldest, age, byType, limits);
    }

    /** One outcome per item of a batch complete or heartbeat, in order: ok with the task, or the error as its single-item call would answer it. */
    public static BatchOutcomesDto outcomes(List<ItemOutcome> outcomes) {
        List<BatchOutcomesDto.Outcome> out = new ArrayList<>(outcomes.size());
        for (ItemOutcome o : outcomes) {
            if (o.isOk()) {
                out.add(new BatchOutcomesDto.Outcome(o.id().toString(), BatchOutcomesDto.OK, 200, null,
                        o.task().status().wireName(), null, o.task().leaseExpiresAt()));
                continue;
            }
            ServiceException e = o.error();
            ProblemType type = ProblemTypes.typeOf(e);
            String outcome = switch (type) {
                case NOT_FOUND -> BatchOutcomesDto.NOT_FOUND;
                case LEASE_LOST -> BatchOutcomesDto.LEASE_LOST;
                default -> type.status() == 409 ? BatchOutcomesDto.CONFLICT : BatchOutcomesDto.INVALID;
            };
            out.add(new BatchOutcomesDto.Outcome(o.id().toString(), outcome, type.status(), type.uri(),
                    ProblemTypes.currentStatusOf(e), e.getMessage(), null));
        }
        return new BatchOutcomesDto(out);
    }
}
