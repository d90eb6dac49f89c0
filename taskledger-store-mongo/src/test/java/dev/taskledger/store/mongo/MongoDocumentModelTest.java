package dev.taskledger.store.mongo;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.spi.NewTaskRow;
import dev.taskledger.queue.spi.TaskStore;
import dev.taskledger.store.StoreException;
import dev.taskledger.store.StoreTx;
import dev.taskledger.testkit.SampleTasks;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static com.mongodb.client.model.Filters.eq;
import static dev.taskledger.testkit.SampleTasks.L0;
import static dev.taskledger.testkit.SampleTasks.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the documents look like, and the values BSON cannot hold as they are (NUL, odd keys, big numbers). */
class MongoDocumentModelTest extends MongoStoreTestSupport {

    @Test
    void task_isStoredWithSqlColumnNames_statusDbNames_jsonAsText_andTagPairs() {
        Task t = SampleTasks.pending("mail").tags(Map.of("service", "gen", "a.b", "dotted")).inputHash(SampleTasks.hash("k")).build();
        tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));

        Document d = db.getCollection("tasks").find(eq("_id", t.id().toString())).first();

        assertThat(d).isNotNull();
        assertThat(d.getString("status")).isEqualTo("PENDING");
        assertThat(d.getString("payload")).isEqualTo("{\"n\":1}");
        assertThat(d.getString("input_hash")).isEqualTo(t.inputHash());
        assertThat(d.getString("idem_key")).isEqualTo(t.inputHash());
        assertThat(d.get("run_at")).isInstanceOf(Date.class);
        assertThat(d.getList("tags", Document.class)).containsExactly(new Document("k", "a.b").append("v", "dotted"),
                new Document("k", "service").append("v", "gen"));
        assertThat(d.keySet()).contains("tenant", "type", "state", "progress", "priority", "metadata", "error", "retry_count",
                "max_attempts", "lease_seconds", "lease_owner", "lease_token", "lease_expires_at", "created_at",
                "updated_at", "started_at", "finished_at", "version");
    }

    @Test
    void taskWithoutInputHash_getsAPrivateIdempotencyValue_andReadsBackWithNullHash() {
        Task t = SampleTasks.pending("mail").build();
        tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));

        Document d = db.getCollection("tasks").find(eq("_id", t.id().toString())).first();

        assertThat(d.get("input_hash")).isNull();
        assertThat(d.getString("idem_key")).isEqualTo("none:" + t.id());
        assertThat(tx((StoreTx tx) -> tx.tasks().get(TENANT, t.id())).orElseThrow().inputHash()).isNull();
    }

    @Test
    void nulEverywhere_andJsonThatBsonCannotHold_roundTripExactly() {
        String payload = "{\"k\\u0000ey\":\"v\\u0000\",\"big\":123456789012345678901234567890,\"f\":1.0,\"dup\":1,\"dup\":2,"
                + "\"nested\":[[[]],{\"$where\":\"x\",\"a.b\":null}]}";
        Task t = SampleTasks.pending("mail").payload(payload).metadata("{\"\\u0000\":[1e400]}").state("s\u0000")
                .error("\u0000").leaseOwner("w").tags(Map.of("nul\u0000key", "nul\u0000value", "$dollar", "x")).build();
        tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t)), null));

        Task got = tx(tx -> tx.tasks().get(TENANT, t.id())).orElseThrow();

        assertThat(got).isEqualTo(t);
        List<Task> byNulTag = tx(tx -> tx.tasks().list(new TaskQuery(TENANT, null, null, Map.of("nul\u0000key", "nul\u0000value"),
                null, null, 10, null))).items();
        assertThat(byNulTag).extracting(Task::id).containsExactly(t.id());
    }

    @Test
    void ledgerEntry_usesTheSequenceIdAsIdAndWholeSecondDates() {
        LedgerEntry e = inLedger(ledger -> ledger.record(new LedgerRecord(TENANT, "n", "i", LedgerStatus.FAIL, "a\u0000b"), L0));

        Document d = db.getCollection("inv_tasks").find().first();

        assertThat(d.get("_id")).isEqualTo(e.id());
        assertThat(d.getString("current_status")).isEqualTo("fail");
        assertThat(d.getString("note")).isEqualTo("a\u0000b");
        assertThat(d.getInteger("retries")).isZero();
        assertThat(d.getDate("created")).isEqualTo(Date.from(L0));
        assertThat(db.getCollection("tasks_counters").find(eq("_id", "inv_tasks")).first().get("seq", Number.class).longValue())
                .isEqualTo(e.id());
    }

    @Test
    void batchThatLosesAKeyToAnotherWriterMidway_leavesNoneOfItsTasks() {
        Task a = SampleTasks.pending("mail").build();
        Task b = SampleTasks.pending("mail").build();
        Task c = SampleTasks.pending("mail").build();
        // A document the pre-check cannot see (other _id, no input_hash) that holds c's idempotency value, as a
        // concurrent writer's would: the insert of c fails after a and b went in.
        db.getCollection("tasks").insertOne(new Document("_id", "intruder").append("tenant", TENANT).append("type", "mail")
                .append("idem_key", "none:" + c.id()));

        assertThatThrownBy(() -> tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(a, b, c)), null))).isInstanceOf(StoreException.DuplicateKey.class);

        assertThat(tx((StoreTx tx) -> tx.tasks().getAll(TENANT, List.of(a.id(), b.id(), c.id())))).isEmpty();
    }

    @Test
    void concurrentInsertsOfOneIdempotencyKey_createOneTask() throws Exception {
        String hash = SampleTasks.hash("same");
        List<Thread> threads = new ArrayList<>();
        List<TaskStore.Inserted> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    Task t = SampleTasks.pending("mail").inputHash(hash).build();
                    outcomes.addAll(tx(tx -> tx.insertTasks(NewTaskRow.withoutEvents(List.of(t, SampleTasks.pending("mail").build())), null)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }

        List<TaskStore.Inserted> keyed = outcomes.stream().filter(o -> hash.equals(o.task().inputHash())).toList();
        assertThat(keyed).hasSize(8);
        assertThat(keyed.stream().filter(TaskStore.Inserted::created).count()).isEqualTo(1);
        assertThat(keyed.stream().map(o -> o.task().id()).distinct().count()).isEqualTo(1);
        assertThat(db.getCollection("tasks").countDocuments(eq("input_hash", hash))).isEqualTo(1);
        assertThat(db.getCollection("tasks").countDocuments()).isEqualTo(9);
    }
}
