package dev.taskledger.server.ledger;

/** {@link Seed000CompatContract} on MariaDB/MySQL (TASKLEDGER_TEST_MARIADB_URL; a fresh database, dropped after). */
class Seed000CompatMariadbTest extends Seed000CompatContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.mariadb();
    }
}
