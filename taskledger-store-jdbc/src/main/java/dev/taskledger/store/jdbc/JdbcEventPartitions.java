package dev.taskledger.store.jdbc;

import dev.taskledger.queue.spi.EventPartitions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@link EventPartitions} on PostgreSQL; statements in {@code /sql/postgresql/events.sql}. */
final class JdbcEventPartitions implements EventPartitions {
    private final Statements<EventSql> sql;
    private final Dialect d;

    JdbcEventPartitions(Statements<EventSql> sql) {
        this.sql = sql;
        this.d = sql.dialect();
    }

    @Override
    public List<Partition> list() {
        return sql.query(EventSql.PARTITIONS, new Params(),
                rs -> new Partition(rs.getString("name"), d.instant(rs, "range_from"), d.instant(rs, "range_to")));
    }

    @Override
    public long create(String name, Instant from, Instant to) {
        Params p = new Params().string("name", name).time("range_from", from).time("range_to", to);
        boolean defaultHolds = sql.queryOne(EventSql.DEFAULT_HOLDS, p, rs -> rs.getBoolean("holds")).orElse(false);
        if (!defaultHolds) {
            sql.executeDdl(EventSql.CREATE_DDL, p);
            return 0;
        }
        sql.executeDdl(EventSql.CREATE_DETACHED_DDL, p);
        int moved = sql.executeDdl(EventSql.MOVE_FROM_DEFAULT_DDL, p);
        sql.executeDdl(EventSql.ATTACH_DDL, p);
        return moved;
    }

    @Override
    public long count(Partition partition) {
        return sql.queryOne(EventSql.COUNT, range(partition), rs -> rs.getLong("n")).orElseThrow();
    }

    @Override
    public boolean drop(Partition partition, boolean onlyIfEmpty, Duration lockTimeout) {
        sql.query(EventSql.LOCK_TIMEOUT, new Params().string("timeout", lockTimeout.toMillis() + "ms"), rs -> null);
        if (onlyIfEmpty) {
            sql.update(EventSql.LOCK_ALL, new Params());
            if (sql.queryOne(EventSql.HOLDS_ANY, range(partition), rs -> rs.getBoolean("holds")).orElseThrow()) {
                return false; // one row found is enough: the check runs under the lock that stops every writer
            }
        }
        sql.executeDdl(EventSql.DROP_DDL, new Params().string("name", partition.name()));
        return true;
    }

    private static Params range(Partition partition) {
        return new Params().time("range_from", partition.from()).time("range_to", partition.to());
    }
}
