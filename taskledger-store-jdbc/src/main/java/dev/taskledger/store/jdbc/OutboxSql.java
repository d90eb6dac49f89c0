package dev.taskledger.store.jdbc;

import static dev.taskledger.store.jdbc.Sql.always;

/** The statements of {@code outbox.sql}. */
enum OutboxSql implements Sql {
    APPEND(always("append")),
    NEXT_UNSENT(always("nextUnsent")),
    MARK_SENT(always("markSent")),
    MARK_FAILED(always("markFailed")),
    LAG(always("lag")),
    DELETE_SENT_BEFORE(always("deleteSentBefore"));

    private final Statement statement;

    OutboxSql(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement statement() {
        return statement;
    }
}
