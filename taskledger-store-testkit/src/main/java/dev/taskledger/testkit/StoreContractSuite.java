package dev.taskledger.testkit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The whole store contract suite for one backend: a backend's test class extends this and names its fixture,
 * and JUnit runs every contract below as a nested class of it. A contract added to the testkit goes here once.
 * The contracts run concurrently (each test has a fresh store of its own; {@link StoreContractSupport} says what runs
 * alone).
 */
@Execution(value = ExecutionMode.CONCURRENT, reason = "every test has a fresh store of its own")
public abstract class StoreContractSuite {

    /** The backend's fixture; called before each test of every contract. */
    protected abstract StoreFixture fixture();

    /** Tasks in the claim race ({@link RaceContract#claimRaceTasks()}); a slow test double may run fewer. */
    protected int claimRaceTasks() {
        return 5_000;
    }

    /** Tasks in the limited two-node drain ({@link LimitContract#limitedDrainTasks()}); a slow test double may run fewer. */
    protected int limitedDrainTasks() {
        return 5_000;
    }

    private StoreFixture suiteFixture() {
        return fixture();
    }

    @Nested public class Tasks extends TaskStoreContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Listing extends TaskListContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class ListingOrder extends TaskOrderContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Claims extends ClaimContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Maintenance extends MaintenanceQueriesContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class EventsAndResults extends EventAndResultContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Ledger extends LedgerStoreContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class LedgerQueries extends LedgerQueryContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class LedgerTransactions extends LedgerTransactionContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class LedgerSummaries extends LedgerSummaryContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class LedgerFidelity extends LedgerFidelityContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Fidelity extends FidelityContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Transactions extends TransactionContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class QueueLifecycle extends QueueLifecycleContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Handoff extends HandoffContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class LongPolls extends LongPollContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class BatchWork extends BatchWorkContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class TaskServices extends TaskServiceContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class LedgerServices extends LedgerServiceContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Outbox extends OutboxContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Leases extends LeaseContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class ReadyNotifications extends ReadyNotificationContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Publishing extends PublishingContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Retention extends RetentionContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class ConnectionWaits extends ConnectionWaitContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class ClockSkew extends ClockSkewContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Schedules extends ScheduleContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class FairClaims extends FairClaimContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Timeouts extends TimeoutContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Limits extends LimitContract {
        @Override protected StoreFixture fixture() { return suiteFixture(); }
        @Override protected int limitedDrainTasks() { return StoreContractSuite.this.limitedDrainTasks(); }
    }
    @Nested public class Installation extends InstallationContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Dependencies extends DependencyStoreContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class Workflows extends WorkflowContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }
    @Nested public class StreamCreates extends StreamCreateContract { @Override protected StoreFixture fixture() { return suiteFixture(); } }

    @Nested public class Races extends RaceContract {
        @Override protected StoreFixture fixture() { return suiteFixture(); }
        @Override protected int claimRaceTasks() { return StoreContractSuite.this.claimRaceTasks(); }
    }
}
