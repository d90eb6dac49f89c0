package dev.taskledger.store.jdbc;

import dev.taskledger.testkit.StoreContractSuite;
import dev.taskledger.testkit.StoreFixture;

/** The whole store contract suite (taskledger-store-testkit) on PostgreSQL. */
class PostgresContractTest extends StoreContractSuite {
    private static final StoreFixture FIXTURE = ExternalDatabaseFixture.postgres();

    @Override
    protected StoreFixture fixture() {
        return FIXTURE;
    }
}
