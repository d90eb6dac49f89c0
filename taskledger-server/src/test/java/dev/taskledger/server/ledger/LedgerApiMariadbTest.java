package dev.taskledger.server.ledger;

/** {@link LedgerApiContract} on MariaDB/MySQL (TASKLEDGER_TEST_MARIADB_URL; a fresh database, dropped after). */
class LedgerApiMariadbTest extends LedgerApiContract {
    @Override
    protected LedgerTestServer startServer() {
        return LedgerTestServer.mariadb();
    }
}
