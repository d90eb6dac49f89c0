package dev.taskledger.store.mongo;

import dev.taskledger.testkit.InProcessMongo;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskEvent;
import dev.taskledger.queue.TaskResult;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreException;
import dev.taskledger.store.StoreTx;
import dev.taskledger.testkit.SampleTasks;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.taskledger.testkit.SampleTasks.T0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store around the sub-stores: buffered records, migrations, health, errors and settings. */
class MongoStoreBehaviourTest extends MongoStoreTestSupport {

    private static TaskEvent event(Task t) {
        return new TaskEvent(SampleTasks.newId(), t.id(), TaskStatus.PENDING, "Queued", "{}", "API", T0);
    }

    @Test
    void workThatThrows_afterAChange_leavesNoRecordOfIt_butTheChangeStays() {
        Task t = SampleTasks.pending("mail").build();
        tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));

        assertThatThrownBy(() -> tx(tx -> {
            Task updated = tx.tasks().update(t.toBuilder().state("changed").build());
            tx.events().appendAll(List.of(event(updated)));
            tx.results().putAll(List.of(new TaskResult(t.id(), "{}", T0)));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(tx((StoreTx tx) -> tx.events().latest(t.id(), 10))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.results().get(t.id()))).isEmpty();
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, t.id())).orElseThrow().state())
                .as("no rollback without transactions: capabilities().transactional() is false").isEqualTo("changed");
        assertThat(store.capabilities().transactional()).isFalse();
    }

    @Test
    void recordsAreWrittenAfterTheWork_andReadableWithinIt() {
        Task t = SampleTasks.pending("mail").build();
        TaskEvent e = event(t);

        int seenInside = tx(tx -> {
            tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null);
            tx.events().appendAll(List.of(e));
            assertThat(db.getCollection("tasks_events").countDocuments()).as("buffered until read or commit").isZero();
            return tx.events().latest(t.id(), 10).size();
        });

        assertThat(seenInside).isEqualTo(1);
        assertThat(tx((StoreTx tx) -> tx.events().latest(t.id(), 10))).extracting(TaskEvent::id).containsExactly(e.id());
    }

    @Test
    void theStoreTx_cannotBeUsedAfterItsCallReturned() {
        StoreTx leaked = tx(tx -> tx);

        assertThatThrownBy(() -> leaked.tasks().get(TENANT, SampleTasks.newId())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void migrate_fromSeveralNodesAtOnce_appliesEachVersionOnce() throws Exception {
        MongoSettings fresh = new MongoSettings(settings.uri(), settings.database() + "_m", "jobs");
        List<Store> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(MongoStores.open(fresh));
        }
        try {
            CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::migrate))
                    .toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
            nodes.getFirst().migrate();

            var migrations = InProcessMongo.client().getDatabase(fresh.database()).getCollection("jobs_migrations");
            assertThat(migrations.find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                    .as("every version once").containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream
                            .rangeClosed(1, MongoMigrations.latest()).mapToObj(Integer::toString).toList());
            assertThat(migrations.find().first()).containsKeys("description", "executed_at");
            Set<String> unique = InProcessMongo.client().getDatabase(fresh.database()).getCollection("jobs").listIndexes()
                    .into(new ArrayList<>()).stream().filter(d -> d.getBoolean("unique", false))
                    .map(d -> d.getString("name")).collect(Collectors.toSet());
            assertThat(unique).contains("tasks_idempotency");
        } finally {
            nodes.forEach(Store::close);
            InProcessMongo.client().getDatabase(fresh.database()).drop();
        }
    }

    @Test
    void migrate_seedsTheLedgerSequencePastImportedIds() {
        db.getCollection("inv_tasks").insertOne(new Document("_id", 500L).append("tenant", TENANT).append("task_name", "n")
                .append("task_item", "old").append("retries", 0).append("current_status", "ok"));
        db.getCollection("tasks_counters").drop();
        db.getCollection("tasks_migrations").deleteOne(new Document("_id", "3"));

        store.migrate();

        long id = inLedger(ledger -> ledger.record(new dev.taskledger.ledger.LedgerRecord(TENANT, "n", "new",
                dev.taskledger.ledger.LedgerStatus.OK, null), SampleTasks.L0)).id();
        assertThat(id).isEqualTo(501L);
    }

    @Test
    void migration10_backfillsLedgerCountsThatMatchAFullCount_andRunningItAgainChangesNothing() {
        java.time.Instant t0 = SampleTasks.L0;
        inLedger(ledger -> { // entries as an earlier version left them: no counts
            List<dev.taskledger.ledger.LedgerRecord> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(new dev.taskledger.ledger.LedgerRecord(i % 7 == 0 ? "other" : TENANT, "name-" + (i % 3),
                        "item-" + (i % 250), dev.taskledger.ledger.LedgerStatus.values()[i % 5], null));
            }
            ledger.recordAll(batch, t0);
            ledger.record(new dev.taskledger.ledger.LedgerRecord(TENANT, "name-0", "item-3",
                    dev.taskledger.ledger.LedgerStatus.OK, null), t0.plusSeconds(60));
            ledger.delete(TENANT, "name-1", "item-4");
            return null;
        });
        db.getCollection("inv_tasks_counts").drop();
        db.getCollection("tasks_migrations").deleteOne(new Document("_id", "10"));

        store.migrate();
        db.getCollection("tasks_migrations").deleteOne(new Document("_id", "10"));
        store.migrate(); // a second node migrating at once sets the same counts

        for (String tenant : List.of(TENANT, "other")) {
            var full = inLedger(ledger -> dev.taskledger.testkit.LedgerFullCount.of(ledger, tenant, null));
            assertThat(full).isNotEmpty();
            List<dev.taskledger.ledger.LedgerSummary> counted = inLedger(ledger -> ledger.summary(tenant, null));
            assertThat(counted).isEqualTo(full);
        }
        inLedger(ledger -> ledger.delete(TENANT, "name-0", "item-3")); // the counts go on from the backfill
        List<dev.taskledger.ledger.LedgerSummary> counted = inLedger(ledger -> ledger.summary(TENANT, null));
        assertThat(counted).isEqualTo(inLedger(ledger -> dev.taskledger.testkit.LedgerFullCount.of(ledger, TENANT, null)));
    }

    @Test
    void isHealthy_andDescribe_withoutCredentials() {
        Store secret = MongoStores.open(new MongoSettings(settings.uri().replace("mongodb://", "mongodb://user:s3cret@"),
                settings.database(), null));
        try {
            assertThat(store.isHealthy()).isTrue();
            assertThat(secret.describe()).doesNotContain("s3cret").contains(settings.database()).contains("tasks*");
        } finally {
            secret.close();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void noServer_isUnavailable_andUnhealthy() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Store down = MongoStores.open(new MongoSettings("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=300", null, null));
        try {
            assertThatThrownBy(() -> down.inTransaction(tx -> tx.tasks().get(TENANT, SampleTasks.newId())))
                    .isInstanceOf(StoreException.Unavailable.class);
            assertThatThrownBy(down::migrate).isInstanceOf(StoreException.Unavailable.class);
            assertThat(down.isHealthy()).isFalse();
        } finally {
            down.close();
        }
    }

    @Test
    void settings_followSeed001_defaultsAndNames() {
        MongoSettings s = MongoSettings.fromEnv(Map.of("MONGODB_URI", "mongodb://task_service:password@mongodb-system:27017/task_repository"));
        assertThat(s.database()).isEqualTo("task_repository");
        assertThat(s.tasksCollection()).isEqualTo("tasks");
        assertThat(s.eventsCollection()).isEqualTo("tasks_events");
        assertThat(s.ledgerCollection()).isEqualTo("inv_tasks");
        assertThat(s.migrationsCollection()).isEqualTo("tasks_migrations");
        assertThat(s.toString()).doesNotContain("password");
        assertThat(new MongoSettings("mongodb://h", null, "jobs").database()).isEqualTo("task_repository");
        assertThat(MongoSettings.fromEnv(Map.of("MONGODB_URI", "mongodb://h/x", "MONGODB_DATABASE", "y",
                "MONGODB_TASKS_COLLECTION", "jobs")).resultsCollection()).isEqualTo("jobs_results");
        assertThatThrownBy(() -> new MongoSettings("postgres://x", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MongoSettings("mongodb://h", null, "bad.name")).isInstanceOf(IllegalArgumentException.class);
    }
}
