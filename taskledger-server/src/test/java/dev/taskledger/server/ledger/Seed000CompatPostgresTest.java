package dev.taskledger.server.ledger;

/** {@link Seed000CompatContract} on PostgreSQL (TASKLEDGER_TEST_POSTGRES_URL; a fresh schema, dropped after). */
class Seed000CompatPostgresTest extends Seed000CompatContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.postgres();
    }
}
