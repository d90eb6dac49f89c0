package dev.taskledger.store.jdbc;

import dev.taskledger.common.Page;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskClaim;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskActivity;
import dev.taskledger.queue.TaskStats;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.TaskCursor;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.StoreException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

/** {@link TaskStore} on SQL; statements in {@code /sql/<dialect>/tasks.sql}. */
final class JdbcTaskStore implements TaskStore {
    /** The minute {@code finishedPerMinute} answers, as text in every dialect. */
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    private static final Comparator<Task> CLAIM_ORDER = Comparator.comparingInt(Task::priority).reversed()
            .thenComparing(Task::runAt).thenComparing(Task::id);
    private static final List<String> COLUMNS = List.of("id", "tenant", "type", "status", "state", "progress",
            "priority", "payload", "metadata", "tags", "error", "input_hash", "retry_count", "max_attempts",
            "lease_seconds", "run_at", "lease_owner", "lease_token", "lease_expires_at", "created_at", "updated_at",
            "started_at", "finished_at", "version", "concurrency_key", "timeout_seconds");

    private final Statements<TaskSql> sql;
    private final Dialect d;
    private final ReadyChannel readyChannel;

    /** {@code readyChannel} is where ready notifications go, naming this store (its own listener skips them). */
    JdbcTaskStore(Statements<TaskSql> sql, ReadyChannel readyChannel) {
        this.sql = sql;
        this.d = sql.dialect();
        this.readyChannel = readyChannel;
    }

    /** Whether {@link #insertInOneStatement} is available here (PostgreSQL). */
    boolean insertsInOneStatement() {
        return d.supportsColumnArrays();
    }

    /**
     * {@link dev.taskledger.store.StoreTx#insertTasks} in one statement, each column as one text array (PostgreSQL:
     * escaped as {@link PostgresText} does); see {@link #insertsInOneStatement}.
     */
    List<Inserted> insertInOneStatement(List<NewTaskRow> rows, String notifyTenant) {
        List<Task> tasks = rows.stream().map(NewTaskRow::task).toList();
        List<TaskEvent> events = rows.stream().flatMap(r -> r.events().stream()).toList();
        Params p = JdbcEventStore.addTextArrays(asTextArrays(tasks), "event_", events)
                .string("notify_channel", readyChannel.name())
                .string("notify_payload", notifyTenant == null ? null : readyChannel.payload(notifyTenant)); // null: none
        Set<UUID> created = new HashSet<>(sql.query(TaskSql.INSERT_TASKS, p, rs -> d.uuid(rs, "id")));
        return withDuplicates(tasks, created);
    }

    /**
     * Inserts the tasks alone, row by row (a JDBC batch), where {@link #insertsInOneStatement} is not available:
     * the caller writes the events of those inserted.
     */
    List<Inserted> insertEach(List<Task> tasks) {
        return withDuplicates(tasks, insertOneByOne(tasks));
    }

    /** One entry per task, in order: the task where it was inserted, else the existing task with its input hash. */
    private List<Inserted> withDuplicates(List<Task> tasks, Set<UUID> created) {
        List<Inserted> out = new ArrayList<>(tasks.size());
        Map<String, Task> existing = new HashMap<>();
        for (Task t : tasks) {
            if (created.contains(t.id())) {
                out.add(new Inserted(t, true));
                continue;
            }
            if (t.inputHash() == null) {
                throw new StoreException.DuplicateKey("task " + t.id() + " was not inserted (duplicate id?)", null);
            }
            String key = t.tenant() + "\n" + t.type() + "\n" + t.inputHash();
            Task duplicateOf = existing.computeIfAbsent(key, k -> findByInputHash(t).orElseThrow(() ->
                    new IllegalStateException("task " + t.id() + " conflicted on its input hash, but no task has it")));
            out.add(new Inserted(duplicateOf, false));
        }
        return out;
    }

    /** Every column of the tasks as one column array parameter named after the column. */
    private static Params asTextArrays(List<Task> tasks) {
        List<Params> rows = tasks.stream().map(TaskRows::params).toList();
        Params p = new Params();
        COLUMNS.forEach(c -> p.array(c, rows.stream().map(row -> row.value(c)).toList()));
        return p;
    }

    /** A JDBC batch of inserts that skip duplicates, then one query for which of the ids made it. */
    private Set<UUID> insertOneByOne(List<Task> tasks) {
        // insertEach skips rows that conflict on any key (MySQL cannot name the key), so a repeated id
        // must be refused before, not discovered after.
        Set<UUID> distinct = new HashSet<>();
        for (Task t : tasks) {
            if (!distinct.add(t.id())) {
                throw new StoreException.DuplicateKey("task id " + t.id() + " appears twice in one insert", null);
            }
        }
        Params ids = new Params().textArray("ids", tasks.stream().map(t -> t.id().toString()).toList());
        List<UUID> before = sql.query(TaskSql.EXISTING_IDS, ids, rs -> d.uuid(rs, "id"));
        if (!before.isEmpty()) {
            throw new StoreException.DuplicateKey("task id " + before.getFirst() + " exists already", null);
        }
        sql.batch(TaskSql.INSERT_EACH, tasks.stream().map(TaskRows::params).toList());
        return new HashSet<>(sql.query(TaskSql.EXISTING_IDS, ids, rs -> d.uuid(rs, "id")));
    }

    private Optional<Task> findByInputHash(Task t) {
        Params p = new Params().string("tenant", t.tenant()).string("type", t.type()).string("input_hash", t.inputHash());
        return sql.queryOne(TaskSql.FIND_BY_INPUT_HASH, p, rs -> TaskRows.map(rs, d));
    }

    @Override
    public Optional<Task> get(String tenant, UUID id) {
        return sql.queryOne(TaskSql.GET, new Params().string("tenant", tenant).id("id", id), rs -> TaskRows.map(rs, d));
    }

    @Override
    public List<Task> getAll(String tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Params p = new Params().string("tenant", tenant).textArray("ids", ids.stream().map(UUID::toString).toList());
        return sql.query(TaskSql.GET_ALL, p, rs -> TaskRows.map(rs, d));
    }

    @Override
    public Task update(Task task) {
        int rows = sql.update(TaskSql.UPDATE, TaskRows.params(task));
        if (rows != 1) {
            throw new StoreException.VersionConflict(task.id(), task.version());
        }
        return task.toBuilder().version(task.version() + 1).build();
    }

    /** One {@code UPDATE ... FROM unnest(...)} where the dialect has it (PostgreSQL); else one update per task. */
    @Override
    public List<Task> updateAll(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        if (!d.supportsColumnArrays() || tasks.size() == 1) {
            return TaskStore.super.updateAll(tasks);
        }
        Map<UUID, Task> byId = new HashMap<>(tasks.size() * 2);
        for (Task t : tasks) {
            if (byId.put(t.id(), t) != null) {
                throw new IllegalArgumentException("task " + t.id() + " appears twice in one updateAll");
            }
        }
        List<UUID> written = sql.query(TaskSql.UPDATE_ALL, asTextArrays(tasks), rs -> d.uuid(rs, "id"));
        List<Task> out = new ArrayList<>(written.size());
        for (UUID id : written) {
            Task t = byId.get(id);
            out.add(t.toBuilder().version(t.version() + 1).build());
        }
        return out;
    }

    @Override
    public boolean delete(String tenant, UUID id) {
        return sql.update(TaskSql.DELETE, new Params().string("tenant", tenant).id("id", id)) > 0;
    }

    @Override
    public Page<Task> list(TaskQuery q) {
        boolean claimOrder = TaskCursor.inClaimOrder(q);
        Params p = new Params().string("tenant", q.tenant())
                .string("status", q.status() == null ? null : q.status().dbName())
                .string("type", q.type())
                .json("tags", q.tags().isEmpty() ? null : TaskRows.tagsJson(q.tags()))
                .time("created_after", q.createdAfter()).time("created_before", q.createdBefore())
                .string("input_hash", q.inputHash())
                .integer("limit", q.limit() + 1);
        if (claimOrder) {
            TaskCursor.ClaimOrderKey after = TaskCursor.afterInClaimOrder(q);
            p.integer("after_priority", after == null ? null : after.priority())
                    .time("after_run_at", after == null ? null : after.runAt())
                    .id("after_id", after == null ? null : after.id());
        } else {
            p.id("after_id", TaskCursor.afterId(q));
        }
        TaskSql statement = claimOrder ? (q.order().descending() ? TaskSql.LIST_PENDING : TaskSql.LIST_PENDING_REVERSED)
                : (q.order().descending() ? TaskSql.LIST_BY_ID_DESC : TaskSql.LIST_BY_ID);
        List<Task> rows = sql.query(statement, p, rs -> TaskRows.map(rs, d));
        if (rows.size() <= q.limit()) {
            return new Page<>(rows, null);
        }
        List<Task> page = rows.subList(0, q.limit());
        return new Page<>(page, TaskCursor.after(page.getLast(), q));
    }

    @Override
    public List<Task> claim(TaskClaim c) {
        Params p = new Params().string("tenant", c.tenant()).textArray("types", c.types())
                .integer("limit", c.limit()).string("worker", c.worker()).string("lease_token", c.leaseToken())
                .integer("lease_seconds", c.leaseSeconds()).time("now", c.now())
                .string("claimed_status", TaskClaim.CLAIMED_STATUS.dbName()).text("claimed_state", TaskClaim.CLAIMED_STATE);
        boolean oneStatement = d.supportsReturning(); // UPDATE ... RETURNING, else lock + update + read back
        // A claim for one type walks the ready index in claim order and stops at the limit; a type list
        // (= ANY, JSON_TABLE) makes the database read and sort every ready task of those types.
        TaskSql name = c.types().isEmpty() ? (oneStatement ? TaskSql.CLAIM_ANY_TYPE : TaskSql.CLAIM_SELECT_ANY_TYPE)
                : c.types().size() == 1 ? (oneStatement ? TaskSql.CLAIM_ONE_TYPE : TaskSql.CLAIM_SELECT_ONE_TYPE)
                : (oneStatement ? TaskSql.CLAIM : TaskSql.CLAIM_SELECT);
        if (c.types().size() == 1) {
            p.string("type", c.types().getFirst());
        }
        List<Task> claimed;
        if (oneStatement) {
            claimed = new ArrayList<>(sql.query(name, p, rs -> TaskRows.map(rs, d)));
        } else {
            List<String> ids = sql.query(name, p, rs -> rs.getString("id"));
            if (ids.isEmpty()) {
                return List.of();
            }
            sql.update(TaskSql.CLAIM_UPDATE, p.textArray("ids", ids));
            claimed = new ArrayList<>(sql.query(TaskSql.GET_ALL, p, rs -> TaskRows.map(rs, d)));
        }
        claimed.sort(CLAIM_ORDER);
        return claimed;
    }

    @Override
    public List<Task> findExpiredLeases(Instant now, int limit) {
        return sql.query(TaskSql.FIND_EXPIRED_LEASES, new Params().time("now", now).integer("limit", limit), rs -> TaskRows.map(rs, d));
    }

    /** The most tenants one walk of {@link #tenantsWithPendingWork} visits: MySQL ends a recursion at 1,000 steps. */
    private static final int MAX_TENANT_WALK = 999;

    @Override
    public List<String> tenantsWithPendingWork(List<String> types, String after, int limit) {
        Params p = new Params().textArray("types", types).string("after", after == null ? "" : after)
                .integer("scan", MAX_TENANT_WALK).integer("limit", limit);
        return sql.query(types.isEmpty() ? TaskSql.PENDING_TENANTS_ANY_TYPE : TaskSql.PENDING_TENANTS, p,
                rs -> rs.getString("tenant"));
    }

    @Override
    public List<Task> findTimedOut(Instant now, int limit) {
        return sql.query(TaskSql.FIND_TIMED_OUT, new Params().time("now", now).integer("limit", limit), rs -> TaskRows.map(rs, d));
    }

    @Override
    public List<Task> findFinishedBefore(Collection<TaskStatus> statuses, Instant finishedBefore, int limit) {
        List<String> names = statuses.stream().filter(TaskStatus::isFinished).map(TaskStatus::dbName).toList();
        if (names.isEmpty()) {
            return List.of();
        }
        Params p = new Params().textArray("statuses", names).time("before", finishedBefore).integer("limit", limit);
        return sql.query(TaskSql.FIND_FINISHED_BEFORE, p, rs -> TaskRows.map(rs, d));
    }

    @Override
    public Set<UUID> deleteFinished(Collection<Task> tasks, Collection<TaskStatus> statuses, Instant finishedBefore) {
        List<String> names = statuses.stream().filter(TaskStatus::isFinished).map(TaskStatus::dbName).toList();
        if (tasks.isEmpty() || names.isEmpty()) {
            return Set.of();
        }
        Map<UUID, Integer> versions = new HashMap<>(tasks.size() * 2);
        tasks.forEach(t -> versions.put(t.id(), t.version()));
        Params p = new Params().textArray("statuses", names).time("before", finishedBefore);
        if (d.supportsReturning()) { // one DELETE ... RETURNING
            return new HashSet<>(sql.query(TaskSql.DELETE_FINISHED, p.json("versions", versionsJson(versions)), rs -> d.uuid(rs, "id")));
        }
        // no DELETE ... RETURNING (MySQL): lock the rows still finished and old, then delete those still at the version read
        p.textArray("ids", versions.keySet().stream().map(UUID::toString).toList());
        List<UUID> due = new ArrayList<>();
        sql.stream(TaskSql.LOCK_STILL_FINISHED, p, 0, rs -> {
            UUID id = d.uuid(rs, "id");
            if (versions.get(id) == rs.getInt("version")) {
                due.add(id);
            }
        });
        if (!due.isEmpty()) {
            sql.update(TaskSql.DELETE_LOCKED, new Params().textArray("ids", due.stream().map(UUID::toString).toList()));
        }
        return new HashSet<>(due);
    }

    /** {@code {"<id>": <version>, ...}}: ids and numbers need no escaping. */
    private static String versionsJson(Map<UUID, Integer> versions) {
        StringBuilder json = new StringBuilder(versions.size() * 48).append('{');
        versions.forEach((id, version) -> json.append(json.length() > 1 ? "," : "").append('"').append(id).append("\":").append(version));
        return json.append('}').toString();
    }

    @Override
    public void notifyReady(String tenant) {
        if (d.supportsListenNotify()) {
            sql.query(TaskSql.NOTIFY_READY, new Params().string("channel", readyChannel.name()).string("payload", readyChannel.payload(tenant)),
                    rs -> null);
        }
    }

    @Override
    public TaskStats stats(String tenant, Instant now) {
        Params p = new Params().string("tenant", tenant);
        List<TaskStats.Count> counts = sql.query(TaskSql.STATS, p, rs -> new TaskStats.Count(rs.getString("type"),
                TaskStatus.fromDb(rs.getString("status")), rs.getLong("n")));
        Map<String, Instant> oldest = new HashMap<>();
        sql.query(TaskSql.OLDEST_READY, new Params().string("tenant", tenant).time("now", now),
                rs -> oldest.put(rs.getString("type"), d.instant(rs, "oldest")));
        return new TaskStats(counts, oldest);
    }

    @Override
    public List<TaskActivity.FinishedMinute> finishedPerMinute(String tenant, Instant since) {
        return sql.query(TaskSql.FINISHED_PER_MINUTE, new Params().string("tenant", tenant).time("since", since),
                rs -> new TaskActivity.FinishedMinute(MINUTE.parse(rs.getString("minute"), LocalDateTime::from).toInstant(ZoneOffset.UTC),
                        TaskStatus.fromDb(rs.getString("status")), rs.getLong("n")));
    }

    @Override
    public List<TaskActivity.Worker> workers(String tenant, Instant since) {
        return sql.query(TaskSql.WORKERS, new Params().string("tenant", tenant).time("since", since),
                rs -> new TaskActivity.Worker(rs.getString("worker"), rs.getLong("in_flight"), d.instant(rs, "last_seen")));
    }
}
