package dev.taskledger.server.ledger;

/** {@link LedgerBulkContract} on MariaDB/MySQL (TASKLEDGER_TEST_MARIADB_URL; a fresh database, dropped after). */
class LedgerBulkMariadbTest extends LedgerBulkContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.mariadb();
    }
}
