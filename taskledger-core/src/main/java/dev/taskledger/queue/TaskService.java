package dev.taskledger.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.Ids;
import dev.taskledger.common.Page;
import dev.taskledger.common.PlainJson;
import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Timestamps;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.TaskCursor;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.StoreTx;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Creating, reading, editing and deleting tasks, and the operator transitions (cancel, retry). The worker
 * transitions live in {@link WorkService}. Every change writes its audit event in the same transaction.
 */
public final class TaskService {
    public static final int EVENTS_SHOWN = 100;
    static final int DEFAULT_PRIORITY = 1;
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final int DEFAULT_LEASE_SECONDS = 300;

    private final QueueTransactions transactions;
    private final ReadySignal readySignal;
    /** A type's default execution timeout in seconds, for a task whose request gives none. */
    private final Map<String, Integer> typeTimeouts;

    /** Built by {@link Queue}. */
    private final LimitedClaims limitedClaims;

    TaskService(QueueTransactions transactions, ReadySignal readySignal, LimitedClaims limitedClaims,
                Map<String, Integer> typeTimeouts) {
        this.limitedClaims = limitedClaims;
        this.typeTimeouts = Map.copyOf(typeTimeouts);
        this.transactions = transactions;
        this.readySignal = readySignal;
    }

    /** The outcome of a create: the task, and whether it is new (201) or an idempotent replay (200). */
    public record Created(Task task, boolean created) {}

    public Created create(String tenant, TaskSpec request) {
        return createAll(tenant, List.of(request)).getFirst();
    }

    /**
     * Creates up to {@link TaskLimits#MAX_BATCH} tasks in one transaction; all or none. A new task that a claim on
     * this node is waiting for is handed to it, claimed in this transaction ({@link ReadySignal#reserve}).
     */
    public List<Created> createAll(String tenant, List<TaskSpec> requests) {
        if (requests.isEmpty()) {
            throw ServiceException.invalid("a batch needs at least one task");
        }
        if (requests.size() > TaskLimits.MAX_BATCH) {
            throw ServiceException.invalid("a batch holds at most " + TaskLimits.MAX_BATCH + " tasks, got " + requests.size());
        }
        Instant built = transactions.now();
        DependsOn dependsOn = DependsOn.of(requests, i -> requests.size() == 1 ? "" : "tasks[" + i + "].");
        List<Task> drafts = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            drafts.add(newTask(tenant, requests.get(i), built, requests.size() == 1 ? "" : "tasks[" + i + "].",
                    dependsOn.hasParents(i)));
        }
        // a hand-off is a claim: only for a tenant without limits (else its claims count them). Waiting claims are
        // reserved unless this node knows the tenant has limits; one it has not looked at within
        // LimitedClaims.ABSENCE_TTL is looked at in the create's own transaction, which hands nothing over when
        // the tenant has limits (its reserved claims then look for work). A waiting task is never handed over (not
        // claimable yet).
        List<Task> ready = drafts.stream().filter(t -> t.status() == TaskStatus.PENDING).toList();
        ReadySignal.Reservation handoff = readySignal.reserve(tenant, limitedClaims.mayBeWithoutLimits(tenant) ? ready : List.of(), built);
        List<Created> created;
        try {
            created = transactions.run(log -> {
                // the transaction's time: a hand-off's lease must not run out while it waited for its connection
                if (dependsOn.any()) {
                    requireExisting(log, tenant, dependsOn);
                }
                boolean handOff = !handoff.isEmpty() && limitedClaims.withoutLimits(log.tx(), tenant);
                List<NewTaskRow> rows = new ArrayList<>(drafts.size());
                Map<CreatedDetail, String> details = new HashMap<>();
                boolean queued = false;
                for (int i = 0; i < drafts.size(); i++) {
                    Task draft = retimed(drafts.get(i), requests.get(i), built, log.now());
                    ReadySignal.Waiter waiter = handOff ? handoff.waiterOf(draft.id()) : null;
                    rows.add(newRow(draft, waiter == null ? null : waiter.claim().at(log.now()), log.now(), details, TaskEvents.API));
                    queued |= waiter == null && draft.status() == TaskStatus.PENDING;
                }
                List<TaskStore.Inserted> inserted = log.insert(rows, queued ? tenant : null);
                Map<UUID, Task> judged = dependsOn.any() ? linkParents(log, tenant, dependsOn, inserted) : Map.of();
                List<Created> out = new ArrayList<>(rows.size());
                for (TaskStore.Inserted row : inserted) {
                    out.add(new Created(judged.getOrDefault(row.task().id(), row.task()), row.created()));
                }
                return out;
            }, committed -> {
                // the waiting claims get their tasks at once, before the commit listeners run
                if (!handoff.isEmpty()) {
                    readySignal.deliver(handoff, committed.stream().filter(Created::created).map(Created::task)
                            .filter(t -> t.status() == TaskClaim.CLAIMED_STATUS).toList());
                }
            });
        } catch (RuntimeException | Error e) {
            readySignal.cancel(handoff); // nothing when the tasks were delivered already
            throw e;
        }
        return created;
    }

    /** One task spec of a streamed create and the line of the request it came from (errors name it). */
    public record StreamedSpec(long line, TaskSpec spec) {}

    /** What a streamed create answers per task, in order: its id, and whether it is new (else an idempotent replay). */
    public record StreamedId(UUID id, boolean created) {}

    /**
     * Creates the tasks {@code specs} yields, read as they are written: {@link TaskLimits#STREAM_CHUNK} at a time go
     * to the store ({@link dev.taskledger.store.StoreTx#insertTasks}), each with its created event, so only one chunk
     * is held at once. All or none, in one transaction that is never run again (the input cannot be read twice): a
     * line that fails the checks a batch item would, or a read error {@code specs} throws, rolls back every line
     * before it. Errors name the line ({@code line 7: priority ...}). Workflows ({@code depends_on}, {@code ref}) are
     * refused: they go through {@link #createAll}. No hand-off to a waiting claim: the waiting claims are woken after
     * commit. On a store that cannot roll back ({@link dev.taskledger.store.StoreCapabilities#transactional} false)
     * the tasks this call inserted are deleted again before the error is thrown.
     *
     * @throws ServiceException 422 when there is no line, or more than {@link TaskLimits#MAX_STREAM}
     */
    public List<StreamedId> createStream(String tenant, Iterator<StreamedSpec> specs) {
        List<StreamedId> out = new ArrayList<>();
        return transactions.runOnce(log -> {
            try {
                List<NewTaskRow> chunk = new ArrayList<>(TaskLimits.STREAM_CHUNK);
                Map<CreatedDetail, String> details = new HashMap<>();
                while (specs.hasNext()) {
                    StreamedSpec item = specs.next();
                    String where = "line " + item.line() + ": ";
                    if (out.size() + chunk.size() == TaskLimits.MAX_STREAM) {
                        throw ServiceException.invalid(where + "a streamed create holds at most " + TaskLimits.MAX_STREAM + " tasks");
                    }
                    chunk.add(newRow(streamedTask(tenant, item.spec(), log.now(), where), null, log.now(), details, TaskEvents.API));
                    if (chunk.size() == TaskLimits.STREAM_CHUNK) {
                        insertChunk(log, tenant, chunk, out);
                    }
                }
                insertChunk(log, tenant, chunk, out);
                if (out.isEmpty()) {
                    throw ServiceException.invalid("a streamed create needs at least one task (one JSON object per line)");
                }
                return out;
            } catch (RuntimeException | Error e) {
                if (!transactions.rollsBack()) {
                    out.stream().filter(StreamedId::created).forEach(t -> log.tx().tasks().delete(tenant, t.id()));
                }
                throw e;
            }
        });
    }

    private static void insertChunk(EventLog log, String tenant, List<NewTaskRow> chunk, List<StreamedId> out) {
        if (chunk.isEmpty()) {
            return;
        }
        for (TaskStore.Inserted row : log.insertStreamed(chunk, tenant)) {
            out.add(new StreamedId(row.task().id(), row.created()));
        }
        chunk.clear();
    }

    /** A streamed line's task, checked as a batch item is; every refusal names the line. */
    private Task streamedTask(String tenant, TaskSpec spec, Instant now, String where) {
        if (!spec.dependsOn().isEmpty() || spec.ref() != null || spec.onParentFailure() != null) {
            throw ServiceException.invalid(where + "depends_on, on_parent_failure and ref are not taken by a streamed"
                    + " create: send a workflow to POST /api/v1/tasks/batch");
        }
        try {
            return newTask(tenant, spec, now, where, false);
        } catch (ServiceException e) {
            if (e.kind() != ServiceException.Kind.INVALID || e.getClass() != ServiceException.class
                    || e.getMessage().startsWith(where)) {
                throw e;
            }
            throw ServiceException.invalid(where + e.getMessage()); // a check that names no field (type is required, tags)
        }
    }

    /** 422 naming the field when a task named in depends_on does not exist in this tenant. */
    private static void requireExisting(EventLog log, String tenant, DependsOn dependsOn) {
        Map<UUID, String> wanted = dependsOn.existingIds();
        if (wanted.isEmpty()) {
            return;
        }
        Set<UUID> found = new HashSet<>();
        for (Task t : log.tx().tasks().getAll(tenant, wanted.keySet())) {
            found.add(t.id());
        }
        for (Map.Entry<UUID, String> w : wanted.entrySet()) {
            if (!found.contains(w.getKey())) {
                throw ServiceException.invalid(w.getValue() + ": no task " + w.getKey());
            }
        }
    }

    /**
     * Writes the edges of the new waiting tasks (a parent named by ref is the task its item became, which may be an
     * existing task when that item was an idempotent replay), then releases or cancels at once those whose parents
     * have all finished already ({@link TaskDependencies#judgeNew}).
     *
     * @return the new tasks that changed so, by id
     */
    private static Map<UUID, Task> linkParents(EventLog log, String tenant, DependsOn dependsOn, List<TaskStore.Inserted> inserted) {
        List<TaskDependency> edges = new ArrayList<>();
        List<Task> children = new ArrayList<>();
        for (int i = 0; i < inserted.size(); i++) {
            TaskStore.Inserted row = inserted.get(i);
            if (!row.created() || !dependsOn.hasParents(i)) {
                continue;
            }
            children.add(row.task());
            Set<UUID> seen = new HashSet<>();
            int position = 0;
            for (DependsOn.Parent p : dependsOn.parentsOf(i)) {
                UUID parentId = p.item() >= 0 ? inserted.get(p.item()).task().id() : p.id();
                if (seen.add(parentId)) {
                    edges.add(new TaskDependency(tenant, row.task().id(), parentId, position++, dependsOn.policyOf(i), false));
                }
            }
        }
        if (edges.isEmpty()) {
            return Map.of();
        }
        log.tx().dependencies().insertAll(edges);
        if (TaskDependencies.judgeNew(log, tenant, children).isEmpty()) {
            return Map.of();
        }
        Map<UUID, Task> now = new HashMap<>(); // as they are now: a cancel may have cascaded to later items
        for (Task t : log.tx().tasks().getAll(tenant, children.stream().map(Task::id).toList())) {
            now.put(t.id(), t);
        }
        return now;
    }

    /**
     * One transaction that creates tasks beside writes of its own ({@link #inTransaction}): the scheduler's fire writes
     * the tasks and its schedule's new next fire time together, or neither.
     */
    public interface Creating {
        StoreTx tx();

        /** The transaction's time. */
        Instant now();

        /**
         * Creates tasks as {@link #createAll} does (same checks, events and notifications; no hand-off to a waiting
         * claim), their created events written with {@code actor}. A repeated idempotency key answers the existing task.
         */
        List<Created> create(String tenant, List<TaskSpec> specs, String actor);
    }

    /** Runs {@code work} in one queue transaction (retried as a whole when it lost to a concurrent one). */
    public <T> T inTransaction(Function<Creating, T> work) {
        return transactions.run(log -> work.apply(new Creating() {
            @Override
            public StoreTx tx() {
                return log.tx();
            }

            @Override
            public Instant now() {
                return log.now();
            }

            @Override
            public List<Created> create(String tenant, List<TaskSpec> specs, String actor) {
                List<NewTaskRow> rows = new ArrayList<>(specs.size());
                Map<CreatedDetail, String> details = new HashMap<>();
                for (int i = 0; i < specs.size(); i++) {
                    rows.add(newRow(newTask(tenant, specs.get(i), log.now(), "", false), null, log.now(), details, actor));
                }
                List<Created> out = new ArrayList<>(rows.size());
                for (TaskStore.Inserted row : log.insert(rows, tenant)) {
                    out.add(new Created(row.task(), row.created()));
                }
                return out;
            }
        }));
    }

    /** Checks a task create request as {@link #create} would, naming fields after {@code where}; creates nothing. */
    public void check(String where, TaskSpec spec) {
        newTask("check", spec, Instant.EPOCH, where, false);
    }

    /** {@code draft}, built at {@code built}, as created at {@code now}: its times move along, but for an explicit run_at. */
    private static Task retimed(Task draft, TaskSpec request, Instant built, Instant now) {
        if (now.equals(built)) {
            return draft;
        }
        Instant runAt = request.runAt() != null ? draft.runAt() : draft.runAt().plus(Duration.between(built, now));
        return draft.toBuilder().runAt(runAt).createdAt(now).updatedAt(now).build();
    }

    /**
     * The row of a new task with its created event; when {@code handedTo} is not null, the row is inserted already
     * claimed by it, with a claimed event too.
     */
    private static NewTaskRow newRow(Task pending, TaskClaim handedTo, Instant now, Map<CreatedDetail, String> details,
                                     String actor) {
        CreatedDetail key = new CreatedDetail(pending.type(), pending.priority(), pending.runAt().isAfter(now) ? pending.runAt() : null);
        TaskEvent createdEvent = TaskEvents.of(pending, actor, details.computeIfAbsent(key, CreatedDetail::json), now);
        if (handedTo == null) {
            return new NewTaskRow(pending, List.of(createdEvent));
        }
        Task claimed = handedTo.applyTo(pending);
        return new NewTaskRow(claimed, List.of(createdEvent, TaskEvents.of(claimed, TaskEvents.worker(handedTo.worker()),
                TaskEvents.detail().put("attempt", claimed.retryCount()).put("handed_over", true), now)));
    }

    /**
     * What a created event's detail says; the tasks of one batch mostly share it (same type and priority), so
     * {@link #createAll} writes each distinct detail's JSON once.
     */
    private record CreatedDetail(String type, int priority, Instant futureRunAt) {
        String json() {
            ObjectNode detail = TaskEvents.detail().put("type", type).put("priority", priority);
            if (futureRunAt != null) {
                detail.put("run_at", futureRunAt.toString());
            }
            return PlainJson.write(detail);
        }
    }

    private Task newTask(String tenant, TaskSpec r, Instant now, String where, boolean waiting) {
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
        TaskBuilder draft = new TaskBuilder()
                .id(Ids.newId(now)).tenant(tenant).type(type)
                .priority(TaskLimits.range(where + "priority", r.priority(), DEFAULT_PRIORITY, Short.MIN_VALUE, Short.MAX_VALUE))
                .payload(payload).metadata(metadata).tags(r.tags()).inputHash(inputHash)
                .concurrencyKey(TaskLimits.optionalConcurrencyKey(where + "concurrency_key", r.concurrencyKey()))
                .maxAttempts(TaskLimits.range(where + "max_attempts", r.maxAttempts(), DEFAULT_MAX_ATTEMPTS, 1, TaskLimits.MAX_ATTEMPTS))
                .leaseSeconds(TaskLimits.range(where + "lease_seconds", r.leaseSeconds(), DEFAULT_LEASE_SECONDS, 1, TaskLimits.MAX_LEASE_SECONDS))
                .timeoutSeconds(r.timeoutSeconds() != null
                        ? Integer.valueOf(TaskLimits.range(where + "timeout_seconds", r.timeoutSeconds(), 0, 1, TaskLimits.MAX_TIMEOUT_SECONDS))
                        : typeTimeouts.get(type)) // null: no timeout
                .runAt(runAt);
        return waiting ? TaskTransitions.createWaiting(draft, now) : TaskTransitions.create(draft, now);
    }

    public Task get(String tenant, UUID id) {
        return transactions.run(log -> find(log, tenant, id));
    }

    /** Merge-updates the editable fields; 412 when {@code expectedVersion} is given and stale. */
    public Task update(String tenant, UUID id, TaskPatch patch) {
        TaskLimits.optionalText("state", patch.state(), TaskLimits.MAX_STATE_LENGTH);
        TaskLimits.requireJson("metadata", patch.metadata());
        if (patch.tags() != null) {
            TaskLimits.requireTags(patch.tags());
        }
        return transactions.run(log -> {
            Task task = find(log, tenant, id);
            if (patch.expectedVersion() != null && patch.expectedVersion() != task.version()) {
                throw ServiceException.preconditionFailed("task " + id + " is at version " + task.version()
                        + ", not " + patch.expectedVersion());
            }
            ObjectNode detail = TaskEvents.detail();
            if (patch.state() != null) {
                detail.put("state", patch.state());
            }
            Integer progress = null;
            if (patch.progress() != null) {
                progress = TaskLimits.range("progress", patch.progress(), 0, 0, 100);
                detail.put("progress", patch.progress());
            }
            Integer priority = null;
            if (patch.priority() != null) {
                priority = TaskLimits.range("priority", patch.priority(), 0, Short.MIN_VALUE, Short.MAX_VALUE);
                detail.put("priority", patch.priority());
            }
            String metadata = null;
            if (patch.metadata() != null) {
                metadata = JsonMerge.mergeObject(task.metadata(), patch.metadata());
                detail.put("metadata", true);
            }
            Map<String, String> tags = null;
            if (patch.tags() != null) {
                tags = new HashMap<>(task.tags());
                for (Map.Entry<String, String> tag : patch.tags().entrySet()) {
                    if (tag.getValue() == null) {
                        tags.remove(tag.getKey());
                    } else {
                        tags.put(tag.getKey(), tag.getValue());
                    }
                }
                TaskLimits.requireTags(tags);
                detail.put("tags", true);
            }
            Task next = TaskTransitions.edit(task, patch.state(), progress, priority, metadata, tags, log.now());
            return log.update(Transition.Kind.EDITED, task, next, TaskEvents.API, TaskEvents.detail().set("updated", detail));
        });
    }

    public void delete(String tenant, UUID id) {
        boolean deleted = transactions.run(log -> log.tx().tasks().delete(tenant, id));
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
        TaskQuery from = TaskCursor.startOf(query);
        return transactions.run(log -> log.tx().tasks().list(from));
    }

    /** pending or processing → cancelled; a worker still holding it learns so at its next heartbeat. */
    public Task cancel(String tenant, UUID id) {
        return transactions.run(log -> {
            Task task = find(log, tenant, id);
            TaskTransitions.require(TaskTransitions.refuseCancel(task));
            ObjectNode detail = TaskEvents.detail().put("from", task.status().wireName());
            return log.update(Transition.Kind.CANCELLED, task, TaskTransitions.cancel(task, log.now()), TaskEvents.API, detail);
        });
    }

    /** failed or cancelled → pending with retry_count 0 (the task repository API's {@code :retry}). */
    public Task retry(String tenant, UUID id) {
        return transactions.run(log -> {
            Task task = find(log, tenant, id);
            TaskTransitions.require(TaskTransitions.refuseRetry(task));
            ObjectNode detail = TaskEvents.detail().put("from", task.status().wireName()).put("retry", true);
            Task pending = log.update(Transition.Kind.RETRIED, task, TaskTransitions.retry(task, log.now()), TaskEvents.API, detail);
            log.notifyOtherNodes(tenant);
            return pending;
        });
    }

    public List<TaskEvent> events(String tenant, UUID id) {
        return transactions.run(log -> {
            find(log, tenant, id);
            return log.tx().events().latest(id, EVENTS_SHOWN);
        });
    }

    /**
     * One page of the task's events, newest first: the first {@code limit} without a cursor, else those after it;
     * the page's next cursor is null on the last page.
     */
    public Page<TaskEvent> events(String tenant, UUID id, String cursor, int limit) {
        if (limit < 1 || limit > TaskLimits.MAX_LIST) {
            throw ServiceException.invalid("limit must be between 1 and " + TaskLimits.MAX_LIST);
        }
        EventCursor after = cursor == null ? null : EventCursor.parse(cursor);
        List<TaskEvent> events = transactions.run(log -> {
            find(log, tenant, id);
            return after == null ? log.tx().events().latest(id, limit + 1)
                    : log.tx().events().olderThan(id, after.createdAt(), after.id(), limit + 1);
        });
        if (events.size() <= limit) {
            return new Page<>(events, null);
        }
        List<TaskEvent> shown = events.subList(0, limit);
        return new Page<>(List.copyOf(shown), EventCursor.of(shown.getLast()).encode());
    }

    /** The last {@link TaskActivity#MINUTES} minutes (UTC), oldest first, each with its completed and failed counts. */
    public List<TaskActivity.Minute> throughput(String tenant) {
        return transactions.run(log -> {
            Instant first = log.now().truncatedTo(ChronoUnit.MINUTES).minus(TaskActivity.MINUTES - 1, ChronoUnit.MINUTES);
            return TaskActivity.minutes(first, log.tx().tasks().finishedPerMinute(tenant, first));
        });
    }

    /** The workers seen in the last {@link TaskActivity#WORKER_SEEN_SECONDS} seconds, most recently seen first. */
    public List<TaskActivity.Worker> workers(String tenant) {
        return transactions.run(log -> {
            Instant since = log.now().minusSeconds(TaskActivity.WORKER_SEEN_SECONDS);
            return log.tx().tasks().workers(tenant, since).stream().filter(w -> !w.lastSeen().isBefore(since))
                    .sorted(java.util.Comparator.comparing(TaskActivity.Worker::lastSeen).reversed()
                            .thenComparing(TaskActivity.Worker::worker)).toList();
        });
    }

    public TaskResult result(String tenant, UUID id) {
        return transactions.run(log -> {
            Task task = find(log, tenant, id);
            return log.tx().results().get(id).orElseThrow(() -> ServiceException.notFound(
                    "task " + id + " has no result (it is " + task.status().wireName() + ")"));
        });
    }

    /** The parents of a task ({@code depends_on} order), each with its result when it has one. */
    public List<Related> parents(String tenant, UUID id) {
        return transactions.run(log -> {
            find(log, tenant, id);
            List<TaskDependency> edges = log.tx().dependencies().parentsOf(tenant, List.of(id));
            Map<UUID, Task> tasks = new HashMap<>();
            for (Task t : log.tx().tasks().getAll(tenant, edges.stream().map(TaskDependency::parentId).toList())) {
                tasks.put(t.id(), t);
            }
            List<Related> out = new ArrayList<>(edges.size());
            for (TaskDependency e : edges) {
                Task parent = tasks.get(e.parentId());
                if (parent != null) { // deleted meanwhile (MongoDB keeps the edge)
                    out.add(new Related(parent, e.onParentFailure(), log.tx().results().get(parent.id()).orElse(null)));
                }
            }
            return out;
        });
    }

    /** A page of the children of a task, by id; the cursor is the last child id of the page. */
    public Page<Related> children(String tenant, UUID id, String cursor, int limit) {
        if (limit < 1 || limit > TaskLimits.MAX_LIST) {
            throw ServiceException.invalid("limit must be between 1 and " + TaskLimits.MAX_LIST);
        }
        UUID after;
        try {
            after = cursor == null || cursor.isEmpty() ? null : UUID.fromString(cursor);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("cursor is not a cursor of this listing");
        }
        return transactions.run(log -> {
            find(log, tenant, id);
            List<TaskDependency> edges = log.tx().dependencies().childPage(tenant, id, after, limit);
            Map<UUID, Task> tasks = new HashMap<>();
            for (Task t : log.tx().tasks().getAll(tenant, edges.stream().map(TaskDependency::childId).toList())) {
                tasks.put(t.id(), t);
            }
            List<Related> out = new ArrayList<>(edges.size());
            for (TaskDependency e : edges) {
                Task child = tasks.get(e.childId());
                if (child != null) {
                    out.add(new Related(child, e.onParentFailure(), null));
                }
            }
            String next = edges.size() == limit ? edges.getLast().childId().toString() : null;
            return new Page<>(out, next);
        });
    }

    public TaskStats stats(String tenant) {
        return transactions.run(log -> log.tx().tasks().stats(tenant, log.now()));
    }

    static Task find(EventLog log, String tenant, UUID id) {
        return log.tx().tasks().get(tenant, id).orElseThrow(() -> notFound(id));
    }

    static ServiceException notFound(UUID id) {
        return ServiceException.notFound("no task " + id);
    }
}
