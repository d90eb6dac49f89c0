package dev.taskledger.store.jdbc;

import dev.taskledger.testkit.StoreContractSuite;
import dev.taskledger.testkit.StoreFixture;

/** The whole store contract suite (taskledger-store-testkit) on MariaDB. */
class MariadbContractTest extends StoreContractSuite {
    private static final StoreFixture FIXTURE = ExternalDatabaseFixture.mariadb();

    @Override
    protected StoreFixture fixture() {
        return FIXTURE;
    }
}
