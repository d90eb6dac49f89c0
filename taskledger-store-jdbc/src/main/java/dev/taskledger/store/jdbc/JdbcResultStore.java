package dev.taskledger.store.jdbc;

import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.spi.ResultStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link ResultStore} on SQL; statements in {@code /sql/<dialect>/results.sql}. */
final class JdbcResultStore implements ResultStore {
    private final Statements<ResultSql> sql;
    private final Dialect d;

    JdbcResultStore(Statements<ResultSql> sql) {
        this.sql = sql;
        this.d = sql.dialect();
    }

    @Override
    public void putAll(List<TaskResult> results) {
        List<Params> rows = new ArrayList<>(results.size());
        for (TaskResult r : results) {
            rows.add(new Params().id("task_id", r.taskId()).json("payload", r.payload()).time("created_at", r.createdAt()));
        }
        sql.batch(ResultSql.PUT, rows);
    }

    @Override
    public Optional<TaskResult> get(UUID taskId) {
        return sql.queryOne(ResultSql.GET, new Params().id("task_id", taskId),
                rs -> new TaskResult(d.uuid(rs, "task_id"), d.json(rs, "payload"), d.instant(rs, "created_at")));
    }
}
