package dev.taskledger.store.jdbc;

import dev.taskledger.testkit.ClaimContract;
import dev.taskledger.testkit.EventAndResultContract;
import dev.taskledger.testkit.FidelityContract;
import dev.taskledger.testkit.LedgerFidelityContract;
import dev.taskledger.testkit.LedgerQueryContract;
import dev.taskledger.testkit.LedgerServiceContract;
import dev.taskledger.testkit.LedgerStoreContract;
import dev.taskledger.testkit.MaintenanceQueriesContract;
import dev.taskledger.testkit.OutboxContract;
import dev.taskledger.testkit.PublishingContract;
import dev.taskledger.testkit.BatchWorkContract;
import dev.taskledger.testkit.QueueLifecycleContract;
import dev.taskledger.testkit.RaceContract;
import dev.taskledger.testkit.ReadyNotificationContract;
import dev.taskledger.testkit.RetentionContract;
import dev.taskledger.testkit.StoreFixture;
import dev.taskledger.testkit.TaskListContract;
import dev.taskledger.testkit.TaskServiceContract;
import dev.taskledger.testkit.TaskStoreContract;
import dev.taskledger.testkit.TransactionContract;
import org.junit.jupiter.api.Nested;

/** The whole store contract suite (taskledger-store-testkit) on Postgres. */
class PostgresContractTest {
    private static final StoreFixture FIXTURE = ExternalDatabaseFixture.postgres();

    @Nested class Tasks extends TaskStoreContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Listing extends TaskListContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Claims extends ClaimContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Maintenance extends MaintenanceQueriesContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class EventsAndResults extends EventAndResultContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Ledger extends LedgerStoreContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class LedgerQueries extends LedgerQueryContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class LedgerFidelity extends LedgerFidelityContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Fidelity extends FidelityContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Transactions extends TransactionContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class QueueLifecycle extends QueueLifecycleContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class BatchWork extends BatchWorkContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class TaskServices extends TaskServiceContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class LedgerServices extends LedgerServiceContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Outbox extends OutboxContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class ReadyNotifications extends ReadyNotificationContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Publishing extends PublishingContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Retention extends RetentionContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
    @Nested class Races extends RaceContract { @Override protected StoreFixture fixture() { return FIXTURE; } }
}
