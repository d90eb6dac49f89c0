package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;

/** The statements of {@code leases.sql}. */
enum LeaseSql implements Sql {
    TRY_ACQUIRE_INSERT(always("tryAcquireInsert")),
    TRY_ACQUIRE_UPDATE(always("tryAcquireUpdate")),
    RELEASE(always("release"));

    private final Statement statement;

    LeaseSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
