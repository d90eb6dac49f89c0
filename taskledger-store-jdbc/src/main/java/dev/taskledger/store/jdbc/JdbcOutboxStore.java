package dev.taskledger.store.jdbc;

import dev.taskledger.queue.spi.OutboxMessage;
import dev.taskledger.queue.spi.OutboxStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link OutboxStore} on SQL; statements in {@code /sql/<dialect>/outbox.sql}. */
final class JdbcOutboxStore implements OutboxStore {
    private final Statements<OutboxSql> sql;
    private final Dialect d;

    JdbcOutboxStore(Statements<OutboxSql> sql) {
        this.sql = sql;
        this.d = sql.dialect();
    }

    @Override
    public void appendAll(List<OutboxMessage> messages) {
        List<Params> rows = new ArrayList<>(messages.size());
        for (OutboxMessage m : messages) {
            rows.add(new Params().id("event_id", m.eventId()).id("task_id", m.taskId()).string("tenant", m.tenant())
                    .string("routing_key", m.routingKey()).text("body", m.body()).time("created_at", m.createdAt()));
        }
        sql.batch(OutboxSql.APPEND, rows);
    }

    private OutboxMessage map(ResultSet rs) throws SQLException {
        return new OutboxMessage(rs.getLong("id"), d.uuid(rs, "event_id"), d.uuid(rs, "task_id"), rs.getString("tenant"),
                rs.getString("routing_key"), d.text(rs, "body"), d.instant(rs, "created_at"), rs.getInt("attempts"),
                d.instant(rs, "next_attempt_at"), d.instant(rs, "sent_at"), d.text(rs, "last_error"));
    }

    @Override
    public List<OutboxMessage> nextUnsent(Instant now, int limit) {
        List<OutboxMessage> due = new ArrayList<>();
        for (OutboxMessage m : sql.query(OutboxSql.NEXT_UNSENT, new Params().integer("limit", limit), this::map)) {
            if (m.nextAttemptAt().isAfter(now)) {
                break; // later messages wait behind it, so the order of each task's messages holds
            }
            due.add(m);
        }
        return due;
    }

    @Override
    public void markSent(List<Long> ids, Instant now) {
        if (!ids.isEmpty()) {
            sql.update(OutboxSql.MARK_SENT, new Params().textArray("ids", ids.stream().map(String::valueOf).toList()).time("now", now));
        }
    }

    @Override
    public void markFailed(long id, String error, Instant nextAttemptAt) {
        sql.update(OutboxSql.MARK_FAILED, new Params().longValue("id", id).text("error", error).time("next_attempt_at", nextAttemptAt));
    }

    @Override
    public Lag lag() {
        return sql.queryOne(OutboxSql.LAG, new Params(), rs -> new Lag(rs.getLong("unsent"), d.instant(rs, "oldest")))
                .orElse(new Lag(0, null));
    }

    @Override
    public int deleteSentBefore(Instant before, int limit) {
        return sql.update(OutboxSql.DELETE_SENT_BEFORE, new Params().time("before", before).integer("limit", limit));
    }
}
