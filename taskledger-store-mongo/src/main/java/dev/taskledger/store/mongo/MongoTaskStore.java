package dev.taskledger.store.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskledger.common.Page;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskActivity;
import dev.taskledger.queue.TaskClaim;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskStats;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.StoreException;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static dev.taskledger.store.mongo.TaskDocuments.*;

/**
 * Tasks on MongoDB. Every change of a task is one single-document atomic operation: inserts are guarded by
 * the unique {@code _id} and (tenant, type, idem_key) indexes, {@link #update} is a compare-and-set on
 * {@code version}, and a claim is a {@code findOneAndUpdate} whose filter requires the task to be pending.
 */
final class MongoTaskStore implements TaskStore {
    static final Bson CLAIM_ORDER = Sorts.orderBy(Sorts.descending(PRIORITY), Sorts.ascending(RUN_AT), Sorts.ascending(ID));
    private static final Comparator<Task> CLAIM_COMPARATOR = Comparator.comparingInt(Task::priority).reversed()
            .thenComparing(Task::runAt).thenComparing(t -> t.id().toString());
    private static final int INSERT_ATTEMPTS = 3;
    private static final int MAX_CLAIM_WINDOWS = 50;

    private final MongoTx tx;
    private final MongoCollections c;

    MongoTaskStore(MongoTx tx, MongoCollections c) {
        this.tx = tx;
        this.c = c;
    }

    private record Key(String tenant, String type, String inputHash) {
        static Key of(Task t) {
            return new Key(t.tenant(), t.type(), t.inputHash());
        }
    }

    /** The tasks of {@link MongoTx#insertTasks}: inserted all or none, an existing idempotency key answered instead. */
    List<Inserted> insert(List<Task> tasks) {
        tx.check();
        if (tasks.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new HashSet<>();
        for (Task t : tasks) {
            if (!ids.add(t.id().toString())) {
                throw new StoreException.DuplicateKey("task id " + t.id() + " appears twice in one insert", null);
            }
        }
        for (int attempt = 1; ; attempt++) {
            Map<Key, Task> existing = existing(ids, tasks);
            List<Inserted> out = new ArrayList<>(tasks.size());
            List<Document> fresh = new ArrayList<>(tasks.size());
            Map<Key, Task> earlier = new HashMap<>();
            for (Task t : tasks) {
                if (t.inputHash() != null) {
                    Key key = Key.of(t);
                    Task same = existing.getOrDefault(key, earlier.get(key));
                    if (same != null) {
                        out.add(new Inserted(same, false));
                        continue;
                    }
                    earlier.put(key, t);
                }
                fresh.add(TaskDocuments.toDocument(t));
                out.add(new Inserted(t, true));
            }
            if (fresh.isEmpty()) {
                return out;
            }
            try {
                c.tasks().insertMany(fresh, new InsertManyOptions().ordered(true));
                return out;
            } catch (MongoBulkWriteException e) {
                // A concurrent insert took one of the keys between the check and the insert: undo this call's
                // inserts so the batch stays all-or-nothing, then decide again with the winner in sight.
                c.tasks().deleteMany(in(ID, fresh.stream().map(d -> d.getString(ID)).toList()));
                if (!MongoErrors.isDuplicateKey(e) || attempt == INSERT_ATTEMPTS) {
                    throw MongoErrors.translate(e);
                }
            }
        }
    }

    /**
     * The stored tasks that share an idempotency key with the batch; fails if one has a batch task's id. Every
     * branch of the query is served by an index: {@code _id}, or the unique (tenant, type, idem_key).
     */
    private Map<Key, Task> existing(Set<String> ids, List<Task> tasks) {
        Map<List<String>, Set<String>> hashesByTenantAndType = new HashMap<>();
        for (Task t : tasks) {
            if (t.inputHash() != null) {
                hashesByTenantAndType.computeIfAbsent(List.of(t.tenant(), t.type()), k -> new HashSet<>()).add(t.inputHash());
            }
        }
        List<Bson> branches = new ArrayList<>();
        branches.add(in(ID, ids));
        hashesByTenantAndType.forEach((tenantAndType, hashes) -> branches.add(
                and(eq(TENANT, tenantAndType.get(0)), eq(TYPE, tenantAndType.get(1)), in(IDEM_KEY, hashes))));
        Map<Key, Task> byKey = new HashMap<>();
        for (Document d : c.tasks().find(branches.size() == 1 ? branches.getFirst() : or(branches))) {
            Task t = TaskDocuments.fromDocument(d);
            if (ids.contains(t.id().toString())) {
                throw new StoreException.DuplicateKey("a task with id " + t.id() + " already exists", null);
            }
            byKey.put(Key.of(t), t);
        }
        return byKey;
    }

    @Override
    public Optional<Task> get(String tenant, UUID id) {
        tx.check();
        return Optional.ofNullable(c.tasks().find(and(eq(ID, id.toString()), eq(TENANT, tenant))).first())
                .map(TaskDocuments::fromDocument);
    }

    @Override
    public List<Task> getAll(String tenant, Collection<UUID> ids) {
        tx.check();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Task> out = new ArrayList<>(ids.size());
        c.tasks().find(and(in(ID, ids.stream().map(UUID::toString).toList()), eq(TENANT, tenant)))
                .forEach(d -> out.add(TaskDocuments.fromDocument(d)));
        return out;
    }

    @Override
    public Task update(Task task) {
        tx.check();
        Document set = TaskDocuments.mutableFields(task).append(VERSION, task.version() + 1);
        Document after = c.tasks().findOneAndUpdate(
                and(eq(ID, task.id().toString()), eq(TENANT, task.tenant()), eq(VERSION, task.version())),
                new Document("$set", set), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (after == null) {
            throw new StoreException.VersionConflict(task.id(), task.version());
        }
        return TaskDocuments.fromDocument(after);
    }

    @Override
    public boolean delete(String tenant, UUID id) {
        tx.flush(); // events appended earlier in this call go with the task
        if (c.tasks().deleteOne(and(eq(ID, id.toString()), eq(TENANT, tenant))).getDeletedCount() == 0) {
            return false;
        }
        cascade(List.of(id.toString()));
        return true;
    }

    /**
     * One conditional {@code deleteOne} per task (id, version read, still finished and old), so the tasks deleted
     * are known exactly; then their events and results.
     */
    @Override
    public Set<UUID> deleteFinished(Collection<Task> tasks, Collection<TaskStatus> statuses, Instant finishedBefore) {
        tx.flush();
        List<String> finished = statuses.stream().filter(TaskStatus::isFinished).map(TaskStatus::dbName).toList();
        if (tasks.isEmpty() || finished.isEmpty()) {
            return Set.of();
        }
        Set<UUID> deleted = new HashSet<>();
        for (Task t : tasks) {
            Bson stillDue = and(eq(ID, t.id().toString()), eq(VERSION, t.version()), in(STATUS, finished),
                    lt(FINISHED_AT, date(finishedBefore)));
            if (c.tasks().deleteOne(stillDue).getDeletedCount() == 1) {
                deleted.add(t.id());
            }
        }
        if (!deleted.isEmpty()) {
            cascade(deleted.stream().map(UUID::toString).toList());
        }
        return deleted;
    }

    /** After the task is gone: an interruption here leaves orphan events, invisible and removed by retention. */
    private void cascade(List<String> taskIds) {
        c.events().deleteMany(in(MongoEventStore.TASK_ID, taskIds));
        c.results().deleteMany(in(ID, taskIds));
    }

    @Override
    public Page<Task> list(TaskQuery q) {
        tx.check();
        return TaskListing.page(c.tasks(), q);
    }

    /**
     * Reads a window of ready tasks in claim order, then claims them one by one with a single-document
     * {@code findOneAndUpdate} whose filter repeats the conditions (still pending, ready, same version): a task
     * another claimer took meanwhile no longer matches and is skipped, like SKIP LOCKED; when the window runs
     * out first, the next one is read. Alone, this claims exactly in claim order.
     *
     * <p>Why not one {@code findOneAndUpdate} sorted by claim order per task: a task's own {@code lease_seconds}
     * sets its lease expiry, which needs the document's value before the write (update pipelines could compute
     * it, but mongo-java-server lacks them); and a server without the claim index re-sorts every ready task for
     * each claimed one (mongo-java-server ignores non-unique indexes: ~50 ms a task at 5,000 ready tasks),
     * where a window is sorted once.
     */
    @Override
    public List<Task> claim(TaskClaim claim) {
        tx.check();
        List<Bson> ready = new ArrayList<>(List.of(eq(TENANT, claim.tenant()), eq(STATUS, TaskStatus.PENDING.dbName()),
                lte(RUN_AT, date(claim.now()))));
        if (!claim.types().isEmpty()) {
            ready.add(in(TYPE, claim.types()));
        }
        Bson readyFilter = and(ready);
        List<Task> claimed = new ArrayList<>();
        for (int window = 0; claimed.size() < claim.limit() && window < MAX_CLAIM_WINDOWS; window++) {
            int wanted = claim.limit() - claimed.size();
            List<Document> candidates = new ArrayList<>();
            c.tasks().find(readyFilter).sort(CLAIM_ORDER).limit(Math.min(2 * wanted + 8, 2_000))
                    .projection(new Document(ID, 1).append(VERSION, 1).append(LEASE_SECONDS, 1))
                    .into(candidates);
            if (candidates.isEmpty()) {
                break;
            }
            for (Document candidate : candidates) {
                Task t = claimOne(readyFilter, candidate, claim);
                if (t != null) {
                    claimed.add(t);
                    if (claimed.size() == claim.limit()) {
                        break;
                    }
                }
            }
        }
        claimed.sort(CLAIM_COMPARATOR);
        return claimed;
    }

    private Task claimOne(Bson readyFilter, Document candidate, TaskClaim claim) {
        int lease = claim.leaseSeconds() != null ? claim.leaseSeconds() : candidate.getInteger(LEASE_SECONDS);
        Bson update = Updates.combine(
                // the claim transition (TaskClaim.applyTo), written in one atomic update
                Updates.set(STATUS, TaskClaim.CLAIMED_STATUS.dbName()),
                Updates.set("state", TaskClaim.CLAIMED_STATE),
                Updates.set("lease_owner", claim.worker()),
                Updates.set("lease_token", claim.leaseToken()),
                Updates.set(LEASE_EXPIRES_AT, date(claim.now().plusSeconds(lease))),
                Updates.inc(RETRY_COUNT, 1),
                Updates.set("started_at", date(claim.now())),
                Updates.set("updated_at", date(claim.now())),
                Updates.inc(VERSION, 1));
        Document after = c.tasks().findOneAndUpdate(
                and(eq(ID, candidate.get(ID)), eq(VERSION, candidate.get(VERSION)), readyFilter), update,
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return after == null ? null : TaskDocuments.fromDocument(after);
    }

    @Override
    public List<Task> findExpiredLeases(Instant now, int limit) {
        tx.check();
        return TaskListing.all(c.tasks().find(and(eq(STATUS, TaskStatus.PROCESSING.dbName()), lt(LEASE_EXPIRES_AT, date(now))))
                .sort(Sorts.ascending(LEASE_EXPIRES_AT, ID)).limit(limit));
    }

    /**
     * One query per tenant: the first pending task (of the types) whose tenant sorts after the last one found, by the
     * (status, tenant) index (migration 8); the cost grows with the tenants, not with what a tenant holds.
     */
    @Override
    public List<String> tenantsWithPendingWork(List<String> types, String after, int limit) {
        tx.check();
        List<String> tenants = new ArrayList<>();
        String last = after == null ? "" : after;
        while (tenants.size() < limit) {
            List<Bson> filter = new ArrayList<>(List.of(eq(STATUS, TaskStatus.PENDING.dbName()), gt(TENANT, last)));
            if (!types.isEmpty()) {
                filter.add(in(TYPE, types));
            }
            Document next = c.tasks().find(and(filter)).sort(Sorts.ascending(TENANT)).projection(new Document(TENANT, 1))
                    .limit(1).first();
            if (next == null) {
                break;
            }
            last = next.getString(TENANT);
            tenants.add(last);
        }
        return tenants;
    }

    /**
     * Reads the processing tasks with a timeout, earliest start first, and keeps those past their deadline: the
     * deadline ({@code started_at + timeout_seconds}) is computed here since mongo-java-server lacks {@code $expr}.
     * The processing tasks are the tasks in flight, not the history or the backlog.
     */
    @Override
    public List<Task> findTimedOut(Instant now, int limit) {
        tx.check();
        List<Task> overdue = new ArrayList<>();
        try (MongoCursor<Document> processing = c.tasks()
                .find(and(eq(STATUS, TaskStatus.PROCESSING.dbName()), ne(TaskDocuments.TIMEOUT_SECONDS, null)))
                .sort(Sorts.ascending(TaskDocuments.STARTED_AT, ID)).iterator()) {
            while (processing.hasNext() && overdue.size() < limit) {
                Task t = TaskDocuments.fromDocument(processing.next());
                if (t.isPastDeadline(now)) {
                    overdue.add(t);
                }
            }
        }
        return overdue;
    }

    @Override
    public List<Task> findFinishedBefore(Collection<TaskStatus> statuses, Instant finishedBefore, int limit) {
        tx.check();
        List<String> finished = statuses.stream().filter(TaskStatus::isFinished).map(TaskStatus::dbName).toList();
        if (finished.isEmpty()) {
            return List.of();
        }
        return TaskListing.all(c.tasks().find(and(in(STATUS, finished), lt(FINISHED_AT, date(finishedBefore))))
                .sort(Sorts.ascending(FINISHED_AT, ID)).limit(limit));
    }

    @Override
    public TaskStats stats(String tenant, Instant now) {
        tx.check();
        return TaskListing.stats(c.tasks(), tenant, now);
    }

    @Override
    public List<TaskActivity.FinishedMinute> finishedPerMinute(String tenant, Instant since) {
        tx.check();
        return TaskActivityQueries.finishedPerMinute(c.tasks(), tenant, since);
    }

    @Override
    public List<TaskActivity.Worker> workers(String tenant, Instant since) {
        tx.check();
        return TaskActivityQueries.workers(c.tasks(), tenant, since);
    }
}
