package dev.taskledger.server.ledger;

/** {@link ReplicLedgerContract} on a temporary SQLite file. */
class ReplicLedgerSqliteTest extends ReplicLedgerContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.sqlite();
    }
}
