package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;

/** The statements of {@code results.sql}. */
enum ResultSql implements Sql {
    PUT(always("put")),
    GET(always("get"));

    private final Statement statement;

    ResultSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
