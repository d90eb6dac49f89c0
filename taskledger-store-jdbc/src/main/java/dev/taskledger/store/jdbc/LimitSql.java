package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;

/** The statements of {@code limits.sql}. */
enum LimitSql implements Sql {
    LIST(always("list")),
    LOCK(always("lock")),
    PUT(always("put")),
    SAVE_STARTS(always("saveStarts")),
    DELETE(always("delete")),
    RUNNING(always("running")),
    READY(always("ready")),
    CANDIDATES(always("candidates"));

    private final Statement statement;

    LimitSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
