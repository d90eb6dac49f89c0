package dev.taskledger.store.jdbc;

import dev.taskledger.common.Page;
import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Timestamps;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskClaim;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskStats;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.StoreException;

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

/** {@link TaskStore} on SQL; statements in {@code /sql/<dialect>/tasks.sql}. */
final class JdbcTaskStore implements TaskStore {
    private static final Comparator<Task> CLAIM_ORDER = Comparator.comparingInt(Task::priority).reversed()
            .thenComparing(Task::runAt).thenComparing(Task::id);
    private static final List<String> COLUMNS = List.of("id", "tenant", "type", "status", "state", "progress",
            "priority", "payload", "metadata", "tags", "error", "input_hash", "retry_count", "max_attempts",
            "lease_seconds", "run_at", "lease_owner", "lease_token", "lease_expires_at", "created_at", "updated_at",
            "started_at", "finished_at", "version");

    private final Statements sql;
    private final Dialect d;
    private final ReadyChannel readyChannel;

    /** {@code readyChannel} is where ready notifications go, naming this store (its own listener skips them). */
    JdbcTaskStore(Statements sql, ReadyChannel readyChannel) {
        this.sql = sql;
        this.d = sql.dialect();
        this.readyChannel = readyChannel;
    }

    /** Whether {@link #insertInOneStatement} is available here (PostgreSQL). */
    boolean insertsInOneStatement() {
        return sql.has("insertTasks");
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
        Set<UUID> created = new HashSet<>(sql.query("insertTasks", p, rs -> d.uuid(rs, "id")));
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

    /** Every column of the tasks as one text array parameter named after the column. */
    private static Params asTextArrays(List<Task> tasks) {
        Map<String, List<String>> columns = new HashMap<>();
        COLUMNS.forEach(c -> columns.put(c, new ArrayList<>(tasks.size())));
        for (Task t : tasks) {
            Map<String, String> row = asText(t);
            COLUMNS.forEach(c -> columns.get(c).add(row.get(c)));
        }
        Params p = new Params();
        COLUMNS.forEach(c -> p.textArray(c, columns.get(c)));
        return p;
    }

    private static Map<String, String> asText(Task t) {
        Map<String, String> m = new HashMap<>();
        m.put("id", t.id().toString());
        m.put("tenant", t.tenant());
        m.put("type", t.type());
        m.put("status", t.status().dbName());
        m.put("state", PostgresText.encodeText(t.state()));
        m.put("progress", Integer.toString(t.progress()));
        m.put("priority", Integer.toString(t.priority()));
        m.put("payload", PostgresText.encodeJson(t.payload()));
        m.put("metadata", PostgresText.encodeJson(t.metadata()));
        m.put("tags", PostgresText.encodeJson(TaskRows.tagsJson(t.tags())));
        m.put("error", PostgresText.encodeText(t.error()));
        m.put("input_hash", t.inputHash());
        m.put("retry_count", Integer.toString(t.retryCount()));
        m.put("max_attempts", Integer.toString(t.maxAttempts()));
        m.put("lease_seconds", Integer.toString(t.leaseSeconds()));
        m.put("run_at", text(t.runAt()));
        m.put("lease_owner", t.leaseOwner());
        m.put("lease_token", t.leaseToken());
        m.put("lease_expires_at", text(t.leaseExpiresAt()));
        m.put("created_at", text(t.createdAt()));
        m.put("updated_at", text(t.updatedAt()));
        m.put("started_at", text(t.startedAt()));
        m.put("finished_at", text(t.finishedAt()));
        m.put("version", Integer.toString(t.version()));
        return m;
    }

    private static String text(Instant i) {
        return PostgresText.timestamp(i);
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
        List<UUID> before = sql.query("existingIds", ids, rs -> d.uuid(rs, "id"));
        if (!before.isEmpty()) {
            throw new StoreException.DuplicateKey("task id " + before.getFirst() + " exists already", null);
        }
        sql.batch("insertEach", tasks.stream().map(TaskRows::params).toList());
        return new HashSet<>(sql.query("existingIds", ids, rs -> d.uuid(rs, "id")));
    }

    private Optional<Task> findByInputHash(Task t) {
        Params p = new Params().string("tenant", t.tenant()).string("type", t.type()).string("input_hash", t.inputHash());
        return sql.queryOne("findByInputHash", p, rs -> TaskRows.map(rs, d));
    }

    @Override
    public Optional<Task> get(String tenant, UUID id) {
        return sql.queryOne("get", new Params().string("tenant", tenant).id("id", id), rs -> TaskRows.map(rs, d));
    }

    @Override
    public List<Task> getAll(String tenant, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Params p = new Params().string("tenant", tenant).textArray("ids", ids.stream().map(UUID::toString).toList());
        return sql.query("getAll", p, rs -> TaskRows.map(rs, d));
    }

    @Override
    public Task update(Task task) {
        int rows = sql.update("update", TaskRows.params(task));
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
        if (!sql.has("updateAll") || tasks.size() == 1) {
            return TaskStore.super.updateAll(tasks);
        }
        Map<UUID, Task> byId = new HashMap<>(tasks.size() * 2);
        for (Task t : tasks) {
            if (byId.put(t.id(), t) != null) {
                throw new IllegalArgumentException("task " + t.id() + " appears twice in one updateAll");
            }
        }
        List<UUID> written = sql.query("updateAll", asTextArrays(tasks), rs -> d.uuid(rs, "id"));
        List<Task> out = new ArrayList<>(written.size());
        for (UUID id : written) {
            Task t = byId.get(id);
            out.add(t.toBuilder().version(t.version() + 1).build());
        }
        return out;
    }

    @Override
    public boolean delete(String tenant, UUID id) {
        return sql.update("delete", new Params().string("tenant", tenant).id("id", id)) > 0;
    }

    @Override
    public Page<Task> list(TaskQuery q) {
        boolean claimOrder = q.status() == TaskStatus.PENDING;
        Params p = new Params().string("tenant", q.tenant())
                .string("status", q.status() == null ? null : q.status().dbName())
                .string("type", q.type())
                .json("tags", q.tags().isEmpty() ? null : TaskRows.tagsJson(q.tags()))
                .time("created_after", q.createdAfter()).time("created_before", q.createdBefore())
                .integer("limit", q.limit() + 1);
        if (claimOrder) {
            String[] c = q.cursor() == null ? new String[] {null, null, null} : Cursors.decode(q.cursor(), 3);
            p.integer("after_priority", c[0] == null ? null : parseInt(c[0]))
                    .time("after_run_at", c[1] == null ? null : parseMillis(c[1]))
                    .id("after_id", c[2] == null ? null : parseId(c[2]));
        } else {
            p.id("after_id", q.cursor() == null ? null : parseId(Cursors.decode(q.cursor(), 1)[0]));
        }
        List<Task> rows = sql.query(claimOrder ? "listPending" : "listById", p, rs -> TaskRows.map(rs, d));
        if (rows.size() <= q.limit()) {
            return new Page<>(rows, null);
        }
        List<Task> page = rows.subList(0, q.limit());
        Task last = page.getLast();
        String next = claimOrder
                ? Cursors.encode(Integer.toString(last.priority()), Long.toString(last.runAt().toEpochMilli()), last.id().toString())
                : Cursors.encode(last.id().toString());
        return new Page<>(page, next);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw ServiceException.badRequest("cursor is not one this listing produced");
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ServiceException.badRequest("cursor is not one this listing produced");
        }
    }

    /** A cursor's run_at; one the databases cannot compare (outside years 0000-9999) no listing produced. */
    private static Instant parseMillis(String s) {
        Instant t = Instant.ofEpochMilli(parseLong(s));
        if (!Timestamps.inRange(t)) {
            throw ServiceException.badRequest("cursor is not one this listing produced");
        }
        return t;
    }

    private static UUID parseId(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("cursor is not one this listing produced");
        }
    }

    @Override
    public List<Task> claim(TaskClaim c) {
        Params p = new Params().string("tenant", c.tenant()).textArray("types", c.types())
                .integer("limit", c.limit()).string("worker", c.worker()).string("lease_token", c.leaseToken())
                .integer("lease_seconds", c.leaseSeconds()).time("now", c.now())
                .string("claimed_status", TaskClaim.CLAIMED_STATUS.dbName()).text("claimed_state", TaskClaim.CLAIMED_STATE);
        boolean oneStatement = sql.has("claim"); // UPDATE ... RETURNING, else lock + update + read back
        String base = oneStatement ? "claim" : "claimSelect";
        // A claim for one type walks the ready index in claim order and stops at the limit; a type list
        // (= ANY, JSON_TABLE) makes the database read and sort every ready task of those types.
        String name = c.types().isEmpty() ? base + "AnyType" : c.types().size() == 1 ? base + "OneType" : base;
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
            sql.update("claimUpdate", p.textArray("ids", ids));
            claimed = new ArrayList<>(sql.query("getAll", p, rs -> TaskRows.map(rs, d)));
        }
        claimed.sort(CLAIM_ORDER);
        return claimed;
    }

    @Override
    public List<Task> findExpiredLeases(Instant now, int limit) {
        return sql.query("findExpiredLeases", new Params().time("now", now).integer("limit", limit), rs -> TaskRows.map(rs, d));
    }

    @Override
    public List<Task> findFinishedBefore(Collection<TaskStatus> statuses, Instant finishedBefore, int limit) {
        List<String> names = statuses.stream().filter(TaskStatus::isFinished).map(TaskStatus::dbName).toList();
        if (names.isEmpty()) {
            return List.of();
        }
        Params p = new Params().textArray("statuses", names).time("before", finishedBefore).integer("limit", limit);
        return sql.query("findFinishedBefore", p, rs -> TaskRows.map(rs, d));
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
        if (sql.has("deleteFinished")) { // one DELETE ... RETURNING
            return new HashSet<>(sql.query("deleteFinished", p.json("versions", versionsJson(versions)), rs -> d.uuid(rs, "id")));
        }
        // no DELETE ... RETURNING (MySQL): lock the rows still finished and old, then delete those still at the version read
        p.textArray("ids", versions.keySet().stream().map(UUID::toString).toList());
        List<UUID> due = new ArrayList<>();
        sql.stream("lockStillFinished", p, 0, rs -> {
            UUID id = d.uuid(rs, "id");
            if (versions.get(id) == rs.getInt("version")) {
                due.add(id);
            }
        });
        if (!due.isEmpty()) {
            sql.update("deleteLocked", new Params().textArray("ids", due.stream().map(UUID::toString).toList()));
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
        if (sql.has("notifyReady")) {
            sql.query("notifyReady", new Params().string("channel", readyChannel.name()).string("payload", readyChannel.payload(tenant)),
                    rs -> null);
        }
    }

    @Override
    public TaskStats stats(String tenant, Instant now) {
        Params p = new Params().string("tenant", tenant);
        List<TaskStats.Count> counts = sql.query("stats", p, rs -> new TaskStats.Count(rs.getString("type"),
                TaskStatus.fromDb(rs.getString("status")), rs.getLong("n")));
        Instant oldest = sql.queryOne("oldestReady", new Params().string("tenant", tenant).time("now", now),
                rs -> d.instant(rs, "oldest")).orElse(null);
        return new TaskStats(counts, oldest);
    }
}
