package dev.taskledger.server.ledger;

/** {@link LedgerBulkContract} on a temporary SQLite file. */
class LedgerBulkSqliteTest extends LedgerBulkContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.sqlite();
    }
}
