package dev.taskledger.store.jdbc;

import dev.taskledger.testkit.StoreContractSuite;
import dev.taskledger.testkit.StoreFixture;

/** The whole store contract suite (taskledger-store-testkit) on SQLite. */
class SqliteContractTest extends StoreContractSuite {
    private static final StoreFixture FIXTURE = new SqliteFixture();

    @Override
    protected StoreFixture fixture() {
        return FIXTURE;
    }
}
