package dev.taskledger.server.ledger;

/** {@link LedgerApiContract} on PostgreSQL (TASKLEDGER_TEST_POSTGRES_URL; a fresh schema, dropped after). */
class LedgerApiPostgresTest extends LedgerApiContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.postgres();
    }
}
