package dev.taskledger.server.ledger;

/** {@link ReplicLedgerContract} on MariaDB/MySQL (TASKLEDGER_TEST_MARIADB_URL; a fresh database, dropped after). */
class ReplicLedgerMariadbTest extends ReplicLedgerContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.mariadb();
    }
}
