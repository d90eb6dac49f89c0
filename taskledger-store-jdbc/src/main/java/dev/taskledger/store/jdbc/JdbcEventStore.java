package dev.taskledger.store.jdbc;

import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.EventStore;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@link EventStore} on SQL; statements in {@code /sql/<dialect>/events.sql}. */
final class JdbcEventStore implements EventStore {
    private static final List<String> COLUMNS = List.of("id", "task_id", "status", "state", "detail", "actor", "created_at");

    private final Statements<EventSql> sql;
    private final Dialect d;

    JdbcEventStore(Statements<EventSql> sql) {
        this.sql = sql;
        this.d = sql.dialect();
    }

    @Override
    public void appendAll(List<TaskEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (d.supportsColumnArrays()) { // one statement, each column as an array
            sql.update(EventSql.APPEND_ALL, addTextArrays(new Params(), "", events));
            return;
        }
        sql.batch(EventSql.APPEND, events.stream().map(JdbcEventStore::params).toList());
    }

    /** Appends {@code events} with one COPY ({@link Dialect#supportsCopy}). */
    void copyIn(List<TaskEvent> events) {
        sql.copyIn(EventSql.COPY_EVENTS, CopyRows.of(COLUMNS, events.stream().map(JdbcEventStore::params).toList(), d));
    }

    /** The parameters of every column of one event, named as the columns. */
    private static Params params(TaskEvent e) {
        return new Params().id("id", e.id()).id("task_id", e.taskId()).string("status", e.status().dbName())
                .text("state", e.state()).json("detail", e.detail()).string("actor", e.actor())
                .time("created_at", e.createdAt());
    }

    /** Adds each column of {@code events} as one column array parameter, named {@code prefix + column}. */
    static Params addTextArrays(Params p, String prefix, List<TaskEvent> events) {
        List<Params> rows = events.stream().map(JdbcEventStore::params).toList();
        COLUMNS.forEach(c -> p.array(prefix + c, rows.stream().map(row -> row.value(c)).toList()));
        return p;
    }

    private TaskEvent map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TaskEvent(d.uuid(rs, "id"), d.uuid(rs, "task_id"), TaskStatus.fromDb(rs.getString("status")),
                d.text(rs, "state"), d.json(rs, "detail"), rs.getString("actor"), d.instant(rs, "created_at"));
    }

    @Override
    public List<TaskEvent> olderThan(UUID taskId, Instant createdAt, UUID id, int limit) {
        return sql.query(EventSql.OLDER_THAN, new Params().id("task_id", taskId).time("at", createdAt).id("id", id)
                .integer("limit", limit), this::map);
    }

    @Override
    public List<TaskEvent> latest(UUID taskId, int limit) {
        return sql.query(EventSql.LATEST, new Params().id("task_id", taskId).integer("limit", limit), this::map);
    }

    @Override
    public List<TaskEvent> findOlderThan(Instant before, int limit) {
        return sql.query(EventSql.FIND_OLDER_THAN, new Params().time("before", before).integer("limit", limit), this::map);
    }

    @Override
    public Set<UUID> deleteAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Params p = new Params().textArray("ids", ids.stream().map(UUID::toString).toList());
        if (d.supportsReturning()) { // DELETE ... RETURNING
            return new HashSet<>(sql.query(EventSql.DELETE_ALL, p, rs -> d.uuid(rs, "id")));
        }
        // no DELETE ... RETURNING (MySQL): lock those that exist, then delete exactly them
        List<String> existing = sql.query(EventSql.LOCK_EXISTING, p, rs -> rs.getString("id"));
        if (!existing.isEmpty()) {
            sql.update(EventSql.DELETE_LOCKED, new Params().textArray("ids", existing));
        }
        return existing.stream().map(UUID::fromString).collect(Collectors.toSet());
    }

    @Override
    public int deleteOlderThan(Instant before, int limit) {
        return sql.update(EventSql.DELETE_OLDER_THAN, new Params().time("before", before).integer("limit", limit));
    }
}
