package dev.taskledger.server;

/**
 * The server's contracts on MongoDB (the in-process mongo-java-server; each contract a fresh database). Those of
 * several nodes on one database run alone: {@link IsolatedServerContractsTest}. Without {@code LedgerBulkContract}:
 * mongo-java-server scans every document for each query, so its 100,000-item batches took about 7 minutes there (a
 * test double's cost, not MongoDB's), nor {@code VanishedClientContract}, which PostgreSQL and SQLite cover.
 */
class MongoServerContractsTest extends ServerContractSuite {

    @Override protected Backend backend() { return Backend.mongo(); }
}
