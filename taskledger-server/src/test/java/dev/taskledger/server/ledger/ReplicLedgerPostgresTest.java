package dev.taskledger.server.ledger;

/** {@link ReplicLedgerContract} on PostgreSQL (TASKLEDGER_TEST_POSTGRES_URL; a fresh schema, dropped after). */
class ReplicLedgerPostgresTest extends ReplicLedgerContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.postgres();
    }
}
