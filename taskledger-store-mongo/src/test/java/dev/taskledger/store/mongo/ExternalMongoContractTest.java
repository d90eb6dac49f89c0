package dev.taskledger.store.mongo;

import dev.taskledger.testkit.StoreContractSuite;
import dev.taskledger.testkit.StoreFixture;

/** The whole store contract suite on the real MongoDB server of {@code TASKLEDGER_TEST_MONGODB_URI} (skipped visibly when unset); one database per test, dropped afterwards. */
class ExternalMongoContractTest extends StoreContractSuite {
    private static final StoreFixture FIXTURE = MongoFixture.external();

    @Override
    protected StoreFixture fixture() {
        return FIXTURE;
    }
}
