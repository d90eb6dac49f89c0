package dev.taskledger.server.ledger;

/** {@link LedgerBulkContract} on PostgreSQL (TASKLEDGER_TEST_POSTGRES_URL; a fresh schema, dropped after). */
class LedgerBulkPostgresTest extends LedgerBulkContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.postgres();
    }
}
