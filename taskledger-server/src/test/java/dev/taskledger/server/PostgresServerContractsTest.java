package dev.taskledger.server;

import dev.taskledger.server.ledger.LedgerBulkContract;
import org.junit.jupiter.api.Nested;

/**
 * The server's contracts on PostgreSQL (TASKLEDGER_TEST_POSTGRES_URL; skipped without it, each contract a fresh
 * schema, dropped after).
 */
class PostgresServerContractsTest extends SharedDatabaseContractSuite {

    @Override protected Backend backend() { return Backend.postgres(); }

    /** LISTEN/NOTIFY: the other node's polling is all but switched off for the test. */
    @Override protected boolean wakesOtherNodes() { return true; }

    @Override protected long maxWakeUpLatencyMs() { return 1000; }

    @Nested class VanishedClient extends VanishedClientContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class LedgerBulk extends LedgerBulkContract { @Override protected Backend newBackend() { return backend(); } }
}
