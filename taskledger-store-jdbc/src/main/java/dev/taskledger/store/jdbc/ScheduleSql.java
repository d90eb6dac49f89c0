package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;

/** The statements of {@code schedules.sql}. */
enum ScheduleSql implements Sql {
    INSERT(always("insert")),
    GET(always("get")),
    BY_NAME(always("byName")),
    LIST_FIRST(always("listFirst")),
    LIST_AFTER(always("listAfter")),
    UPDATE(always("update")),
    DELETE(always("delete")),
    DUE(always("due")),
    APPEND_EVENT(always("appendEvent")),
    EVENTS(always("events"));

    private final Statement statement;

    ScheduleSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
