package dev.taskledger.server;

import dev.taskledger.server.ledger.LedgerBulkContract;
import org.junit.jupiter.api.Nested;

/** The server's contracts on SQLite (each contract a fresh file). */
class SqliteServerContractsTest extends ServerContractSuite {

    @Override protected Backend backend() { return Backend.sqlite(); }

    @Nested class VanishedClient extends VanishedClientContract { @Override protected Backend newBackend() { return backend(); } }
    @Nested class LedgerBulk extends LedgerBulkContract { @Override protected Backend newBackend() { return backend(); } }
}
