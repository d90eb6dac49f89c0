package dev.taskledger.server;

import dev.taskledger.server.ledger.LedgerBulkContract;
import org.junit.jupiter.api.Nested;

/**
 * The server's contracts on PostgreSQL (TASKLEDGER_TEST_POSTGRES_URL; skipped without it, each contract a fresh
 * schema, dropped after). Those of several nodes on one database run alone: {@link IsolatedServerContractsTest}.
 */
class PostgresServerContractsTest extends ServerContractSuite {

    @Override protected Backend backend() { return Backend.postgres(); }

    @Nested class VanishedClient extends VanishedClientContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class LedgerBulk extends LedgerBulkContract { @Override protected Backend newBackend() { return backend(); } }
}
