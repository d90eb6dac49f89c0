package dev.taskledger.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.Ids;
import dev.taskledger.common.Page;
import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Timestamps;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Creating, reading, editing and deleting tasks, and the operator transitions (cancel, retry). The worker
 * transitions live in {@link WorkService}. Every change writes its audit event in the same transaction.
 */
public final class TaskService {
    public static final int EVENTS_SHOWN = 100;
    static final int DEFAULT_PRIORITY = 1;
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final int DEFAULT_LEASE_SECONDS = 300;

    private final Store store;
    private final Clock clock;
    private final ReadySignal readySignal;
    private final EventLog eventLog;

    public TaskService(Store store, Clock clock, ReadySignal readySignal) {
        this(store, clock, readySignal, new EventLog(false));
    }

    public TaskService(Store store, Clock clock, ReadySignal readySignal, EventLog eventLog) {
        this.store = store;
        this.clock = clock;
        this.readySignal = readySignal;
        this.eventLog = eventLog;
    }

    /** The outcome of a create: the task, and whether it is new (201) or an idempotent replay (200). */
    public record Created(Task task, boolean created) {}

    public Created create(String tenant, TaskSpec request) {
        return createAll(tenant, List.of(request)).getFirst();
    }

    /** Creates up to {@link TaskLimits#MAX_BATCH} tasks in one transaction; all or none. */
    public List<Created> createAll(String tenant, List<TaskSpec> requests) {
        if (requests.isEmpty()) {
            throw ServiceException.invalid("a batch needs at least one task");
        }
        if (requests.size() > TaskLimits.MAX_BATCH) {
            throw ServiceException.invalid("a batch holds at most " + TaskLimits.MAX_BATCH + " tasks, got " + requests.size());
        }
        Instant built = now();
        List<Task> drafts = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            drafts.add(newTask(tenant, requests.get(i), built, requests.size() == 1 ? "" : "tasks[" + i + "]."));
        }
        ReadySignal.Reservation handoff = readySignal.reserve(tenant, drafts, built);
        Written written;
        try {
            written = store.inTransaction(tx -> {
                Instant now = now(); // once the connection is held: a hand-off's lease must not run out while it waited
                List<Task> tasks = new ArrayList<>(drafts.size());
                for (int i = 0; i < drafts.size(); i++) {
                    tasks.add(retimed(drafts.get(i), requests.get(i), built, now));
                }
                List<Task> toInsert = new ArrayList<>(tasks.size());
                for (int i = 0; i < tasks.size(); i++) {
                    ReadySignal.Waiter waiter = handoff.waiterOf(i);
                    toInsert.add(waiter == null ? tasks.get(i) : waiter.claim().applyTo(tasks.get(i), now));
                }
                return new Written(tasks, now, insert(tx, tenant, tasks, toInsert, handoff, now));
            });
        } catch (RuntimeException | Error e) {
            readySignal.cancel(handoff);
            throw e;
        }
        List<Created> created = written.created();
        List<Task> handedOver = new ArrayList<>(created.size());
        Set<String> queuedReadyTypes = new HashSet<>();
        for (int i = 0; i < created.size(); i++) {
            boolean handed = created.get(i).created() && handoff.waiterOf(i) != null;
            handedOver.add(handed ? created.get(i).task() : null);
            Task task = written.tasks().get(i);
            if (created.get(i).created() && !handed && !task.runAt().isAfter(written.now())) {
                queuedReadyTypes.add(task.type());
            }
        }
        if (!handoff.isEmpty()) {
            readySignal.deliver(handoff, handedOver);
        }
        if (!queuedReadyTypes.isEmpty()) {
            readySignal.signal(tenant, queuedReadyTypes); // a delayed task is found by the waiting claims' turns
        }
        return created;
    }

    /** What a create's transaction built and inserted, and at what time. */
    private record Written(List<Task> tasks, Instant now, List<Created> created) {}

    /** {@code draft}, built at {@code built}, as created at {@code now}: its times move along, but for an explicit run_at. */
    private static Task retimed(Task draft, TaskSpec request, Instant built, Instant now) {
        if (now.equals(built)) {
            return draft;
        }
        Instant runAt = request.runAt() != null ? draft.runAt() : draft.runAt().plus(Duration.between(built, now));
        return draft.toBuilder().runAt(runAt).createdAt(now).updatedAt(now).build();
    }

    /**
     * Inserts {@code toInsert} (the new tasks; those handed to a waiting claim already claimed) with a created
     * event each and a claimed event for each handed one; notifies other nodes when any may have gone to the queue.
     * A task that turns out to be a duplicate (idempotency key) gets no events: the existing one is answered.
     */
    private List<Created> insert(StoreTx tx, String tenant, List<Task> pending, List<Task> toInsert,
                                 ReadySignal.Reservation handoff, Instant now) {
        List<TaskEvent> events = new ArrayList<>(toInsert.size());
        List<Task> eventTasks = new ArrayList<>(toInsert.size());
        boolean queued = false;
        for (int i = 0; i < toInsert.size(); i++) {
            Task task = pending.get(i);
            ObjectNode detail = TaskEvents.detail().put("type", task.type()).put("priority", task.priority());
            if (task.runAt().isAfter(now)) {
                detail.put("run_at", task.runAt().toString());
            }
            events.add(TaskEvents.of(task, TaskEvents.API, detail, now));
            eventTasks.add(task);
            ReadySignal.Waiter waiter = handoff.waiterOf(i);
            if (waiter != null) {
                Task claimed = toInsert.get(i);
                events.add(TaskEvents.of(claimed, TaskEvents.worker(waiter.claim().worker()),
                        TaskEvents.detail().put("attempt", claimed.retryCount()).put("handed_over", true), now));
                eventTasks.add(claimed);
            } else {
                queued = true;
            }
        }
        List<TaskStore.Inserted> inserted = eventLog.insertTasks(tx, toInsert, eventTasks, events, queued ? tenant : null);
        List<Created> out = new ArrayList<>(inserted.size());
        for (TaskStore.Inserted row : inserted) {
            out.add(new Created(row.task(), row.created()));
        }
        return out;
    }

    private Task newTask(String tenant, TaskSpec r, Instant now, String where) {
        String type = TaskLimits.requireType(r.type());
        if (r.runAt() != null && r.delaySeconds() != null) {
            throw ServiceException.invalid(where + "run_at and delay_seconds cannot both be given");
        }
        if (r.delaySeconds() != null && (r.delaySeconds() < 0 || r.delaySeconds() > TaskLimits.MAX_DELAY_SECONDS)) {
            throw ServiceException.invalid(where + "delay_seconds must be between 0 and " + TaskLimits.MAX_DELAY_SECONDS);
        }
        Timestamps.requireInRange(where + "run_at", r.runAt());
        String metadata = r.metadata() == null ? "{}" : TaskLimits.requireJson(where + "metadata", r.metadata());
        if (!JsonMerge.isObject(metadata)) {
            throw ServiceException.invalid(where + "metadata must be a JSON object");
        }
        TaskLimits.requireTags(r.tags());
        String key = TaskLimits.optionalText(where + "idempotency_key", r.idempotencyKey(), TaskLimits.MAX_IDEMPOTENCY_KEY_LENGTH);
        String payload = r.payload() == null ? "{}" : TaskLimits.requireJson(where + "payload", r.payload());
        String inputHash = key != null && !key.isEmpty() ? InputHash.ofKey(key)
                : r.dedupe() ? InputHash.ofPayload(type, payload) : null;
        Instant runAt = r.runAt() != null ? r.runAt().truncatedTo(ChronoUnit.MILLIS)
                : r.delaySeconds() != null ? now.plusSeconds(r.delaySeconds()) : now;
        return new TaskBuilder()
                .id(Ids.newId(now)).tenant(tenant).type(type).status(TaskStatus.PENDING).state("Queued").progress(0)
                .priority(TaskLimits.range(where + "priority", r.priority(), DEFAULT_PRIORITY, Short.MIN_VALUE, Short.MAX_VALUE))
                .payload(payload).metadata(metadata).tags(r.tags()).inputHash(inputHash).retryCount(0)
                .maxAttempts(TaskLimits.range(where + "max_attempts", r.maxAttempts(), DEFAULT_MAX_ATTEMPTS, 1, TaskLimits.MAX_ATTEMPTS))
                .leaseSeconds(TaskLimits.range(where + "lease_seconds", r.leaseSeconds(), DEFAULT_LEASE_SECONDS, 1, TaskLimits.MAX_LEASE_SECONDS))
                .runAt(runAt).createdAt(now).updatedAt(now).version(0)
                .build();
    }

    public Task get(String tenant, UUID id) {
        return store.inTransaction(tx -> find(tx, tenant, id));
    }

    /** Merge-updates the editable fields; 412 when {@code expectedVersion} is given and stale. */
    public Task update(String tenant, UUID id, TaskPatch patch) {
        TaskLimits.optionalText("state", patch.state(), TaskLimits.MAX_STATE_LENGTH);
        TaskLimits.requireJson("metadata", patch.metadata());
        if (patch.tags() != null) {
            TaskLimits.requireTags(patch.tags());
        }
        return Transactions.retryingOnConflict(store, tx -> {
            Task task = find(tx, tenant, id);
            if (patch.expectedVersion() != null && patch.expectedVersion() != task.version()) {
                throw ServiceException.preconditionFailed("task " + id + " is at version " + task.version()
                        + ", not " + patch.expectedVersion());
            }
            Instant now = now();
            TaskBuilder next = task.toBuilder().updatedAt(now);
            ObjectNode detail = TaskEvents.detail();
            if (patch.state() != null) {
                next.state(patch.state());
                detail.put("state", patch.state());
            }
            if (patch.progress() != null) {
                next.progress(TaskLimits.range("progress", patch.progress(), 0, 0, 100));
                detail.put("progress", patch.progress());
            }
            if (patch.priority() != null) {
                next.priority(TaskLimits.range("priority", patch.priority(), 0, Short.MIN_VALUE, Short.MAX_VALUE));
                detail.put("priority", patch.priority());
            }
            if (patch.metadata() != null) {
                next.metadata(JsonMerge.mergeObject(task.metadata(), patch.metadata()));
                detail.put("metadata", true);
            }
            if (patch.tags() != null) {
                Map<String, String> tags = new HashMap<>(task.tags());
                patch.tags().forEach((k, v) -> {
                    if (v == null) {
                        tags.remove(k);
                    } else {
                        tags.put(k, v);
                    }
                });
                TaskLimits.requireTags(tags);
                next.tags(tags);
                detail.put("tags", true);
            }
            Task updated = tx.tasks().update(next.build());
            eventLog.append(tx, updated, TaskEvents.of(updated, TaskEvents.API, TaskEvents.detail().set("updated", detail), now));
            return updated;
        });
    }

    public void delete(String tenant, UUID id) {
        boolean deleted = store.inTransaction(tx -> tx.tasks().delete(tenant, id));
        if (!deleted) {
            throw notFound(id);
        }
    }

    public Page<Task> list(TaskQuery query) {
        if (query.limit() < 1 || query.limit() > TaskLimits.MAX_LIST) {
            throw ServiceException.invalid("limit must be between 1 and " + TaskLimits.MAX_LIST);
        }
        Timestamps.requireInRange("created_after", query.createdAfter());
        Timestamps.requireInRange("created_before", query.createdBefore());
        return store.inTransaction(tx -> tx.tasks().list(query));
    }

    /** pending or processing → cancelled; a worker still holding it learns so at its next heartbeat. */
    public Task cancel(String tenant, UUID id) {
        return Transactions.retryingOnConflict(store, tx -> {
            Task task = find(tx, tenant, id);
            if (task.status() != TaskStatus.PENDING && task.status() != TaskStatus.PROCESSING) {
                throw new ServiceException.TaskConflict(ServiceException.Conflict.NOT_CANCELLABLE, "task " + id + " is "
                        + task.status().wireName() + "; only pending or processing tasks can be cancelled", task.status().wireName());
            }
            Instant now = now();
            Task cancelled = tx.tasks().update(task.toBuilder().status(TaskStatus.CANCELLED).state("Cancelled by user")
                    .clearLease().finishedAt(now).updatedAt(now).build());
            ObjectNode detail = TaskEvents.detail().put("from", task.status().wireName());
            eventLog.append(tx, cancelled, TaskEvents.of(cancelled, TaskEvents.API, detail, now));
            return cancelled;
        });
    }

    /** failed or cancelled → pending with retry_count 0 (seed 002's {@code :retry}). */
    public Task retry(String tenant, UUID id) {
        Task retried = Transactions.retryingOnConflict(store, tx -> {
            Task task = find(tx, tenant, id);
            if (task.status() != TaskStatus.FAILED && task.status() != TaskStatus.CANCELLED) {
                throw new ServiceException.TaskConflict(ServiceException.Conflict.NOT_RETRYABLE, "task " + id + " is "
                        + task.status().wireName() + "; only failed or cancelled tasks can be retried", task.status().wireName());
            }
            Instant now = now();
            Task pending = tx.tasks().update(task.toBuilder().status(TaskStatus.PENDING).state("Queued").retryCount(0)
                    .error(null).runAt(now).finishedAt(null).clearLease().updatedAt(now).build());
            ObjectNode detail = TaskEvents.detail().put("from", task.status().wireName()).put("retry", true);
            eventLog.append(tx, pending, TaskEvents.of(pending, TaskEvents.API, detail, now));
            tx.tasks().notifyReady(tenant);
            return pending;
        });
        readySignal.signal(tenant, List.of(retried.type()));
        return retried;
    }

    public List<TaskEvent> events(String tenant, UUID id) {
        return store.inTransaction(tx -> {
            find(tx, tenant, id);
            return tx.events().latest(id, EVENTS_SHOWN);
        });
    }

    public TaskResult result(String tenant, UUID id) {
        return store.inTransaction(tx -> {
            Task task = find(tx, tenant, id);
            return tx.results().get(id).orElseThrow(() -> ServiceException.notFound(
                    "task " + id + " has no result (it is " + task.status().wireName() + ")"));
        });
    }

    public TaskStats stats(String tenant) {
        return store.inTransaction(tx -> tx.tasks().stats(tenant, now()));
    }

    static Task find(StoreTx tx, String tenant, UUID id) {
        return tx.tasks().get(tenant, id).orElseThrow(() -> notFound(id));
    }

    static ServiceException notFound(UUID id) {
        return ServiceException.notFound("no task " + id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
