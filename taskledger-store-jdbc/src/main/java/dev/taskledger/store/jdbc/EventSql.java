package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;
import static dev.taskledger.store.jdbc.Sql.unless;
import static dev.taskledger.store.jdbc.Sql.when;

/** The statements of {@code events.sql}. */
enum EventSql implements Sql {
    /** Many events in one statement; in its place one {@link #APPEND} each, as a JDBC batch. */
    APPEND_ALL(when("appendAll", Dialect::supportsColumnArrays)),
    /** The events of the tasks {@link TaskSql#COPY_TASKS} wrote, as one COPY. */
    COPY_EVENTS(when("copyEvents", Dialect::supportsCopy)),
    APPEND(unless("append", Dialect::supportsColumnArrays)),
    LATEST(always("latest")),
    OLDER_THAN(always("olderThan")),
    DELETE_OLDER_THAN(always("deleteOlderThan")),
    FIND_OLDER_THAN(always("findOlderThan")),
    /** DELETE ... RETURNING; in its place {@link #LOCK_EXISTING}, then {@link #DELETE_LOCKED}. */
    DELETE_ALL(when("deleteAll", Dialect::supportsReturning)),
    LOCK_EXISTING(unless("lockExisting", Dialect::supportsReturning)),
    DELETE_LOCKED(unless("deleteLocked", Dialect::supportsReturning)),
    /** Time partitions ({@link JdbcEventPartitions}); a {@code ...Ddl} statement answers the DDL to run. */
    PARTITIONS(when("partitions", Dialect::partitionsEvents)),
    DEFAULT_HOLDS(when("defaultHolds", Dialect::partitionsEvents)),
    CREATE_DDL(when("createDdl", Dialect::partitionsEvents)),
    CREATE_DETACHED_DDL(when("createDetachedDdl", Dialect::partitionsEvents)),
    MOVE_FROM_DEFAULT_DDL(when("moveFromDefaultDdl", Dialect::partitionsEvents)),
    ATTACH_DDL(when("attachDdl", Dialect::partitionsEvents)),
    COUNT(when("count", Dialect::partitionsEvents)),
    HOLDS_ANY(when("holdsAny", Dialect::partitionsEvents)),
    LOCK_TIMEOUT(when("lockTimeout", Dialect::partitionsEvents)),
    LOCK_ALL(when("lockAll", Dialect::partitionsEvents)),
    DROP_DDL(when("dropDdl", Dialect::partitionsEvents));

    private final Statement statement;

    EventSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
