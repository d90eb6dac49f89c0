package dev.taskledger.store.jdbc;

import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.EventStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@link EventStore} on SQL; statements in {@code /sql/<dialect>/events.sql}. */
final class JdbcEventStore implements EventStore {
    private final Statements sql;
    private final Dialect d;

    JdbcEventStore(Statements sql) {
        this.sql = sql;
        this.d = sql.dialect();
    }

    @Override
    public void appendAll(List<TaskEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (sql.has("appendAll")) { // one statement, each column as a text array
            sql.update("appendAll", addTextArrays(new Params(), "", events));
            return;
        }
        List<Params> rows = new ArrayList<>(events.size());
        for (TaskEvent e : events) {
            rows.add(new Params().id("id", e.id()).id("task_id", e.taskId()).string("status", e.status().dbName())
                    .text("state", e.state()).json("detail", e.detail()).string("actor", e.actor())
                    .time("created_at", e.createdAt()));
        }
        sql.batch("append", rows);
    }

    /** Adds each column of {@code events} as one text array parameter, named {@code prefix + column}. */
    static Params addTextArrays(Params p, String prefix, List<TaskEvent> events) {
        List<String> ids = new ArrayList<>(), taskIds = new ArrayList<>(), statuses = new ArrayList<>(),
                states = new ArrayList<>(), details = new ArrayList<>(), actors = new ArrayList<>(), times = new ArrayList<>();
        for (TaskEvent e : events) {
            ids.add(e.id().toString());
            taskIds.add(e.taskId().toString());
            statuses.add(e.status().dbName());
            states.add(PostgresText.encodeText(e.state()));
            details.add(PostgresText.encodeJson(e.detail()));
            actors.add(e.actor());
            times.add(e.createdAt().toString());
        }
        return p.textArray(prefix + "id", ids).textArray(prefix + "task_id", taskIds).textArray(prefix + "status", statuses)
                .textArray(prefix + "state", states).textArray(prefix + "detail", details)
                .textArray(prefix + "actor", actors).textArray(prefix + "created_at", times);
    }

    private TaskEvent map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TaskEvent(d.uuid(rs, "id"), d.uuid(rs, "task_id"), TaskStatus.fromDb(rs.getString("status")),
                d.text(rs, "state"), d.json(rs, "detail"), rs.getString("actor"), d.instant(rs, "created_at"));
    }

    @Override
    public List<TaskEvent> latest(UUID taskId, int limit) {
        return sql.query("latest", new Params().id("task_id", taskId).integer("limit", limit), this::map);
    }

    @Override
    public List<TaskEvent> findOlderThan(Instant before, int limit) {
        return sql.query("findOlderThan", new Params().time("before", before).integer("limit", limit), this::map);
    }

    @Override
    public Set<UUID> deleteAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Params p = new Params().textArray("ids", ids.stream().map(UUID::toString).toList());
        if (!sql.has("lockExisting")) { // DELETE ... RETURNING
            return new HashSet<>(sql.query("deleteAll", p, rs -> d.uuid(rs, "id")));
        }
        // no DELETE ... RETURNING (MySQL): lock those that exist, then delete exactly them
        List<String> existing = sql.query("lockExisting", p, rs -> rs.getString("id"));
        if (!existing.isEmpty()) {
            sql.update("deleteAll", new Params().textArray("ids", existing));
        }
        return existing.stream().map(UUID::fromString).collect(Collectors.toSet());
    }

    @Override
    public int deleteOlderThan(Instant before, int limit) {
        return sql.update("deleteOlderThan", new Params().time("before", before).integer("limit", limit));
    }
}
