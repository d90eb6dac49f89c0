package dev.taskledger.server.ledger;

/** {@link LedgerApiContract} on a temporary SQLite file. */
class LedgerApiSqliteTest extends LedgerApiContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.sqlite();
    }
}
