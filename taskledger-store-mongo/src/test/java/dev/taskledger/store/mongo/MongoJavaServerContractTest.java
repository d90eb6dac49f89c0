package dev.taskledger.store.mongo;

import dev.taskledger.testkit.StoreContractSuite;
import dev.taskledger.testkit.StoreFixture;

/** The whole store contract suite (taskledger-store-testkit) on the in-process mongo-java-server 1.47. */
class MongoJavaServerContractTest extends StoreContractSuite {
    private static final StoreFixture FIXTURE = MongoFixture.inProcess();

    @Override
    protected StoreFixture fixture() {
        return FIXTURE;
    }

    // mongo-java-server answers each claim's findOneAndUpdate by scanning every document under one lock: the
    // 5,000-task race took 100-170 s there (a test double's cost, not MongoDB's); a real server runs 5,000
    @Override
    protected int claimRaceTasks() {
        return 2_000;
    }

    // the same cost: each limited claim reads its candidates by a scan; 1,000 tasks still cycle every key's slots
    @Override
    protected int limitedDrainTasks() {
        return 1_000;
    }
}
