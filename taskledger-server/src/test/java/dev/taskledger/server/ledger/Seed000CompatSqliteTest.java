package dev.taskledger.server.ledger;

/** {@link Seed000CompatContract} on a temporary SQLite file. */
class Seed000CompatSqliteTest extends Seed000CompatContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.sqlite();
    }
}
