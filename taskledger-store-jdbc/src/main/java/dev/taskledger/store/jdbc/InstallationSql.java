package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;

/** The statements of {@code installation.sql}. */
enum InstallationSql implements Sql {
    INSERT_IF_ABSENT(always("insertIfAbsent")),
    GET(always("get"));

    private final Statement statement;

    InstallationSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
