package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;
import static dev.taskledger.store.jdbc.Sql.unless;

/** The statements of {@code dependencies.sql}: the edges of workflows. */
enum DependencySql implements Sql {
    INSERT(always("insert")),
    PARENTS_OF(always("parentsOf")),
    CHILDREN_OF(always("childrenOf")),
    CHILD_PAGE(always("childPage")),
    CHILD_PAGE_AFTER(always("childPageAfter")),
    /** SQLite serializes its writers and needs no row lock. */
    LOCK_TASKS(unless("lockTasks", d -> d instanceof SqliteDialect)),
    MARK_CANCELLED_CHILD(always("markCancelledChild"));

    private final Statement statement;

    DependencySql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
