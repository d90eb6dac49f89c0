package dev.taskledger.store.jdbc;

import dev.taskledger.queue.Limit;
import dev.taskledger.queue.RateWindow;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.spi.LimitStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** {@link LimitStore} on SQL: table {@code task_limits}, statements in {@code /sql/<dialect>/limits.sql}. */
final class JdbcLimitStore implements LimitStore {
    private final Statements<LimitSql> sql;
    private final Dialect d;

    JdbcLimitStore(Statements<LimitSql> sql) {
        this.sql = sql;
        this.d = sql.dialect();
    }

    @Override
    public List<Limit> list(String tenant) {
        return sql.query(LimitSql.LIST, new Params().string("tenant", tenant), this::limit);
    }

    @Override
    public List<Limit> lock(String tenant) {
        return sql.query(LimitSql.LOCK, new Params().string("tenant", tenant), this::limit);
    }

    @Override
    public void put(Limit l) {
        sql.update(LimitSql.PUT, key(l.tenant(), l.type(), l.concurrencyKey())
                .integer("max_running", l.maxRunning())
                .integer("rate_count", l.rate() == null ? null : l.rate().count())
                .integer("rate_period_seconds", l.rate() == null ? null : l.rate().periodSeconds())
                .string("rate_starts", l.starts().encode())
                .time("updated_at", l.updatedAt()));
    }

    @Override
    public void saveStarts(Limit l) {
        sql.update(LimitSql.SAVE_STARTS, key(l.tenant(), l.type(), l.concurrencyKey()).string("rate_starts", l.starts().encode()));
    }

    @Override
    public boolean delete(String tenant, String type, String concurrencyKey) {
        return sql.update(LimitSql.DELETE, key(tenant, type, concurrencyKey)) > 0;
    }

    @Override
    public List<Usage> running(String tenant, Instant now) {
        return sql.query(LimitSql.RUNNING, new Params().string("tenant", tenant).time("now", now), JdbcLimitStore::usage);
    }

    @Override
    public List<Usage> ready(String tenant, Instant now) {
        return sql.query(LimitSql.READY, new Params().string("tenant", tenant).time("now", now), JdbcLimitStore::usage);
    }

    @Override
    public List<Task> candidates(Candidates c) {
        Params p = new Params().string("tenant", c.tenant()).time("now", c.now())
                .textArray("types", c.types())
                .textArray("excluded_types", List.copyOf(c.excludedTypes()))
                .textArray("excluded_keys", List.copyOf(c.excludedKeys()))
                .integer("limit", c.limit());
        return sql.query(LimitSql.CANDIDATES, p, rs -> TaskRows.map(rs, d));
    }

    private static Params key(String tenant, String type, String key) {
        return new Params().string("tenant", tenant).string("type", type == null ? "" : type)
                .string("concurrency_key", key == null ? "" : key);
    }

    private static Usage usage(ResultSet rs) throws SQLException {
        return new Usage(rs.getString("type"), rs.getString("concurrency_key"), rs.getLong("n"));
    }

    private Limit limit(ResultSet rs) throws SQLException {
        String type = rs.getString("type");
        String key = rs.getString("concurrency_key");
        int maxRunning = rs.getInt("max_running");
        Integer max = rs.wasNull() ? null : maxRunning;
        int count = rs.getInt("rate_count");
        Limit.Rate rate = rs.wasNull() ? null : new Limit.Rate(count, rs.getInt("rate_period_seconds"));
        return new Limit(rs.getString("tenant"), type.isEmpty() ? null : type, key.isEmpty() ? null : key, max, rate,
                RateWindow.decode(rs.getString("rate_starts")), d.instant(rs, "updated_at"));
    }
}
