package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;

/** The statements of {@code archive_files.sql}. */
enum ArchiveFileSql implements Sql {
    ADD(always("add")),
    NAMES(always("names")),
    REMOVE(always("remove"));

    private final Statement statement;

    ArchiveFileSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
